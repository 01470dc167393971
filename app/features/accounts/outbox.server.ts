import { db } from "#app/utils/db.server";
import type { SessionUser } from "#app/utils/auth.server";
import { deliveryStatus, retryEmail } from "#app/utils/email.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { canRetryEmail } from "./accounts.policy";

export function listOutbox(filter: { to?: string; undelivered?: boolean }) {
  return db.outboxEmail
    .findMany({
      where: {
        ...(filter.to ? { to: { equals: filter.to, mode: "insensitive" } } : {}),
        ...(filter.undelivered ? { sentAt: null } : {}),
      },
      orderBy: { createdAt: "desc" },
      take: 100,
      select: { id: true, to: true, subject: true, createdAt: true, sentAt: true, attempts: true, lastError: true, textPurgedAt: true },
    })
    .then((emails) =>
      emails.map(({ sentAt, attempts, lastError, textPurgedAt, ...email }) => ({
        ...email,
        textRemoved: textPurgedAt !== null,
        status: deliveryStatus({ sentAt, attempts, lastError }),
      })),
    );
}

export async function getOutboxEmail(id: string) {
  const email = await db.outboxEmail.findUnique({
    where: { id },
    select: {
      id: true,
      to: true,
      subject: true,
      text: true,
      html: true,
      createdAt: true,
      message: true,
      sentAt: true,
      attempts: true,
      lastError: true,
      textPurgedAt: true,
    },
  });
  return email ? { ...email, status: deliveryStatus(email) } : null;
}

/** Sends an email that gave up again, from the start: administrators only, in every environment. */
export async function retryOutboxEmail(actor: SessionUser | null, emailId: string): Promise<CommandResult> {
  if (!canRetryEmail(actor)) return fail(403, "form", "You do not have permission to do this.");
  if (!(await retryEmail(emailId))) return fail(409, "form", "This email is not waiting to be sent again");
  return ok();
}

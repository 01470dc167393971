import { db } from "~/utils/db.server";
import { deliveryStatus } from "~/utils/email.server";

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
    .then((emails) => emails.map(({ sentAt, attempts, lastError, textPurgedAt, ...email }) => ({ ...email, textRemoved: textPurgedAt !== null, status: deliveryStatus({ sentAt, attempts, lastError }) })));
}

export async function getOutboxEmail(id: string) {
  const email = await db.outboxEmail.findUnique({
    where: { id },
    select: { id: true, to: true, subject: true, text: true, html: true, createdAt: true, message: true, sentAt: true, attempts: true, lastError: true, textPurgedAt: true },
  });
  return email ? { ...email, status: deliveryStatus(email) } : null;
}

import nodemailer from "nodemailer";
import type Mail from "nodemailer/lib/mailer";
import { db } from "./db.server";
import { getEnv } from "./env.server";
import type { Outbox } from "./outbox.server";
import { singleton } from "./singleton.server";

export type Email = {
  to: string;
  subject: string;
  text: string;
  html?: string;
  /** Text attachments (calendar files): kept as they are in the queue until nodemailer sends them. */
  attachments?: { filename: string; content: string; contentType: string }[];
  /** The account it goes to, if it goes to one: erasing that account deletes it. */
  recipientId?: string | null;
  /** Accounts whose name the subject or text carries, once for each time it is put in: erasing one replaces that name here. */
  namedUserIds?: string[];
  /** The meeting registration it is about: anonymising a guest's registration removes the address here too. */
  registrationId?: string;
};

/** The queue's row for an email: who and what the erasure of an account looks for kept beside nodemailer's options, not in them. */
function outboxRow({ recipientId, namedUserIds, registrationId, ...email }: Email, from: string, sentAt: Date | null) {
  const message = { from, ...email } satisfies Mail.Options;
  return {
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html ?? null,
    message,
    sentAt,
    recipientId: recipientId ?? null,
    namedUserIds: namedUserIds ?? [],
    registrationId: registrationId ?? null,
  };
}

/** Attempts before an email is given up on (an administrator can send it again, while its text is kept). */
export const MAX_ATTEMPTS = 8;
/** How long a claimed email is left to its sender before another process may try it. */
const LEASE_MS = 5 * 60_000;
const BATCH = 20;

/**
 * Queues an email: the message is stored as nodemailer's options, which nodemailer composes
 * and sends when it is delivered. Without SMTP_URL the outbox (/outbox) is the delivery, so
 * the email counts as sent at once. With SMTP_URL it is delivered from the queue straight
 * after, and retried by the scheduler if the mail server refuses: the caller never waits on a
 * mail server, and an email is never lost to a failure after the change it reports committed.
 */
export async function sendEmail(email: Email, outbox?: Pick<Outbox, "tx" | "afterCommit">): Promise<void> {
  const env = getEnv();
  // Given a command's outbox, the email is queued in its transaction and delivery starts
  // after commit: it exists exactly when the change it reports does.
  await (outbox?.tx ?? db).outboxEmail.create({ data: outboxRow(email, env.EMAIL_FROM, env.SMTP_URL ? null : new Date()) });
  if (!env.SMTP_URL) return;
  if (outbox) outbox.afterCommit(deliverSoon);
  else deliverSoon();
}

/** Many emails in one statement, in a command's transaction (notifications to many people). */
export async function queueEmails(emails: Email[], outbox: Pick<Outbox, "tx" | "afterCommit">): Promise<void> {
  if (emails.length === 0) return;
  const env = getEnv();
  await outbox.tx.outboxEmail.createMany({ data: emails.map((email) => outboxRow(email, env.EMAIL_FROM, env.SMTP_URL ? null : new Date())) });
  if (env.SMTP_URL) outbox.afterCommit(deliverSoon);
}

/** The From of every email (for a statement that queues one itself, with `emailQueued` after commit). */
export function emailFrom(): string {
  return getEnv().EMAIL_FROM;
}

/** A statement queued an email without `sendEmail` (registering, ADR 020): start delivering it. */
export function emailQueued(): void {
  if (getEnv().SMTP_URL) deliverSoon();
}

export function usesOutbox(): boolean {
  return !getEnv().SMTP_URL;
}

// Made on first use: only a process with SMTP_URL ever delivers.
const smtp = () =>
  singleton("smtp-transport", () =>
    nodemailer.createTransport({ url: getEnv().SMTP_URL!, pool: true, connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 30_000 }),
  );

const delivery = singleton("email-delivery", () => ({ running: false, again: false }));

/** Starts a delivery run in the background; a run already going goes round once more. */
function deliverSoon() {
  if (delivery.running) {
    delivery.again = true;
    return;
  }
  delivery.running = true;
  void (async () => {
    try {
      do {
        delivery.again = false;
        await deliverQueuedEmail();
      } while (delivery.again);
    } catch (error) {
      console.error("email delivery failed", error);
    } finally {
      delivery.running = false;
    }
  })();
}

export type DeliveryStatus = "kept" | "queued" | "sent" | "retrying" | "failed";

/** Where an email stands: kept in the outbox (no SMTP), or queued, sent, retrying or failed. */
export function deliveryStatus(email: { sentAt: Date | string | null; attempts: number; lastError: string | null }, outbox = usesOutbox()): DeliveryStatus {
  if (email.sentAt) return outbox ? "kept" : "sent";
  if (email.attempts >= MAX_ATTEMPTS) return "failed";
  return email.lastError ? "retrying" : "queued";
}

/** An administrator's "send again" for an email that failed every attempt: eight more (not once its text is removed). */
export async function retryEmail(id: string): Promise<boolean> {
  const { count } = await db.outboxEmail.updateMany({
    where: { id, sentAt: null, attempts: { gte: MAX_ATTEMPTS }, textPurgedAt: null },
    data: { attempts: 0, nextAttemptAt: new Date() },
  });
  if (count && !usesOutbox()) deliverSoon();
  return count > 0;
}

/** Minutes to wait after the nth failed attempt: 1, 2, 4 ... up to six hours. */
export const retryDelayMs = (attempts: number) => Math.min(2 ** (attempts - 1), 360) * 60_000;

/**
 * Sends what is due from the queue. Emails are claimed with SKIP LOCKED and a lease, so
 * several processes can deliver at once without sending anything twice.
 */
export async function deliverQueuedEmail(transport: Pick<nodemailer.Transporter, "sendMail"> = smtp(), now = new Date()) {
  let sent = 0;
  let failed = 0;
  let gaveUp = 0;
  for (;;) {
    const claimed = await db.$queryRaw<{ id: string; message: Mail.Options; attempts: number }[]>`
      UPDATE "OutboxEmail" SET attempts = attempts + 1, "nextAttemptAt" = ${new Date(now.getTime() + LEASE_MS)}
      WHERE id IN (SELECT id FROM "OutboxEmail" WHERE "sentAt" IS NULL AND attempts < ${MAX_ATTEMPTS} AND "nextAttemptAt" <= ${now}
                   ORDER BY "createdAt" LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
      RETURNING id, message, attempts`;
    for (const email of claimed) {
      try {
        await transport.sendMail(email.message);
        await db.outboxEmail.update({ where: { id: email.id }, data: { sentAt: new Date(), lastError: null } });
        sent++;
      } catch (error) {
        const nextAttemptAt = new Date(now.getTime() + retryDelayMs(email.attempts));
        await db.outboxEmail.update({ where: { id: email.id }, data: { lastError: String(error).slice(0, 1000), nextAttemptAt } });
        failed++;
        if (email.attempts >= MAX_ATTEMPTS) gaveUp++;
      }
    }
    if (claimed.length < BATCH) return { sent, failed, gaveUp };
  }
}

/** An absolute link into the app for emails. */
export function appUrl(pathname: string): string {
  return new URL(pathname, getEnv().APP_URL).toString();
}

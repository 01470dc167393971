import { db } from "./db.server";

/**
 * How long a delivered email's text stays in the outbox table. Emails carry one-time links
 * (their tokens are hashed everywhere else) and personal details; a week is enough to look
 * into "I never got it", after which the delivery record alone is kept.
 * One constant, so this can join the app's retention schedule.
 */
export const EMAIL_TEXT_RETENTION_DAYS = 7;

/**
 * Removes the text, html and attachments of emails delivered more than the retention period
 * ago (the stored nodemailer message too), keeping who, what subject, when and how
 * delivery went. Emails not yet delivered keep their text, since it is still to be sent.
 */
export async function purgeDeliveredEmailText(now = new Date()): Promise<number> {
  const deliveredBefore = new Date(now.getTime() - EMAIL_TEXT_RETENTION_DAYS * 86_400_000);
  return db.$executeRaw`
    UPDATE "OutboxEmail"
    SET "text" = '', "html" = NULL, "message" = "message" - 'text' - 'html' - 'attachments', "textPurgedAt" = ${now}
    WHERE "sentAt" < ${deliveredBefore} AND "textPurgedAt" IS NULL`;
}

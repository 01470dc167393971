import { db } from "./db.server";

/**
 * Removes the text, html and attachments of emails delivered more than the retention period
 * ago (the stored nodemailer message too), keeping who, what subject, when and how
 * delivery went. Emails not yet delivered keep their text, since it is still to be sent.
 */
export async function purgeDeliveredEmailText(days: number, now = new Date()): Promise<number> {
  const deliveredBefore = new Date(now.getTime() - days * 86_400_000);
  return db.$executeRaw`
    UPDATE "OutboxEmail"
    SET "text" = '', "html" = NULL, "message" = "message" - 'text' - 'html' - 'attachments', "textPurgedAt" = ${now}
    WHERE "sentAt" < ${deliveredBefore} AND "textPurgedAt" IS NULL`;
}

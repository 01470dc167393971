import { db } from "./db.server";
import { MAX_ATTEMPTS } from "./email.server";

/**
 * Removes the text, html and attachments (the stored nodemailer message's too) of emails
 * delivered more than the retention period ago, and of emails we gave up on (every attempt
 * failed) that long after their last attempt, keeping who, what subject, when and how
 * delivery went. A password reset link or a name in an email that never arrived is no more
 * needed than in one that did. Emails still being tried keep their text, since it is still
 * to be sent; an email whose text is gone cannot be sent again (`retryEmail`).
 */
export async function purgeEmailText(days: number, now = new Date()): Promise<number> {
  const cutoff = new Date(now.getTime() - days * 86_400_000);
  // After the last failed attempt, nextAttemptAt is when it would have been tried next (at
  // most a few hours later), so counting from it keeps the text a little longer, never less.
  return db.$executeRaw`
    UPDATE "OutboxEmail"
    SET "text" = '', "html" = NULL, "message" = "message" - 'text' - 'html' - 'attachments', "textPurgedAt" = ${now}
    WHERE "textPurgedAt" IS NULL
      AND ("sentAt" < ${cutoff} OR ("sentAt" IS NULL AND "attempts" >= ${MAX_ATTEMPTS} AND "nextAttemptAt" < ${cutoff}))`;
}

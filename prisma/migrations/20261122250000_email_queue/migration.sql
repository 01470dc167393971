-- Email is queued in the same table the development outbox uses, and delivered by SMTP from
-- there with retries, so no request waits on a mail server and no email is lost to a restart.
-- Rows written without SMTP are "delivered" to the outbox as they are written.
ALTER TABLE "OutboxEmail" ADD COLUMN "sentAt" TIMESTAMPTZ(3),
  ADD COLUMN "attempts" INTEGER NOT NULL DEFAULT 0,
  ADD COLUMN "nextAttemptAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
  ADD COLUMN "lastError" TEXT;
UPDATE "OutboxEmail" SET "sentAt" = "createdAt";

CREATE INDEX "OutboxEmail_sentAt_nextAttemptAt_idx" ON "OutboxEmail"("sentAt", "nextAttemptAt");

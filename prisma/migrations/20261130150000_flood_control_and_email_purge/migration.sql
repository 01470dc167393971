-- Per-account flood control (app/utils/flood-control.server.ts): one row per account and
-- action, its window starting at the first post, counted with one atomic upsert, so every
-- app process shares it.
CREATE TABLE "ActionCounter" (
    "key" TEXT NOT NULL,
    "windowStart" TIMESTAMPTZ(3) NOT NULL,
    "count" INTEGER NOT NULL DEFAULT 0,
    CONSTRAINT "ActionCounter_pkey" PRIMARY KEY ("key")
);
CREATE INDEX "ActionCounter_windowStart_idx" ON "ActionCounter"("windowStart");

-- An email's text (which may hold a one-time link) is removed some days after delivery;
-- the delivery record stays, and this says when the text went.
ALTER TABLE "OutboxEmail" ADD COLUMN "textPurgedAt" TIMESTAMPTZ(3);

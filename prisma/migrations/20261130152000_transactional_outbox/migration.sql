-- Realtime events are written in the same transaction as the change that causes them, as
-- pending rows; after commit (or, after a crash, by whichever process sweeps first) each is
-- moved into "RealtimeEvent" in one statement, which gives it its public monotonic id, and
-- broadcast once. A pending row exists only between a commit and its publication.
CREATE TABLE "PendingRealtimeEvent" (
    "id" BIGSERIAL NOT NULL,
    "room" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "payload" JSONB NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PendingRealtimeEvent_pkey" PRIMARY KEY ("id")
);

-- A form's idempotency key, stored with the change it made and the answer given, so a retried
-- or doubled post returns the first answer instead of making a second thing.
CREATE TABLE "IdempotentRequest" (
    "owner" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "scope" TEXT NOT NULL,
    "result" JSONB,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IdempotentRequest_pkey" PRIMARY KEY ("owner", "key")
);

CREATE INDEX "IdempotentRequest_createdAt_idx" ON "IdempotentRequest"("createdAt");

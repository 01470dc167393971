-- Privacy and data rights (docs/decisions/019-privacy-and-data-rights.md): copies of a
-- person's data built in the background, erasure that keeps a nameless row, and one
-- retention schedule whose periods an administrator can change.
ALTER TABLE "User" ADD COLUMN "privacyNoticeVersion" TEXT,
  ADD COLUMN "erasedAt" TIMESTAMPTZ(3);

ALTER TABLE "Registration" ADD COLUMN "anonymisedAt" TIMESTAMPTZ(3);

-- The retention schedule decides for every meeting now.
ALTER TABLE "Meeting" DROP COLUMN "accessRetentionDays";

CREATE TYPE "DataExportStatus" AS ENUM ('QUEUED', 'RUNNING', 'READY', 'FAILED');

CREATE TABLE "DataExport" (
    "id" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "requestedById" TEXT NOT NULL,
    "status" "DataExportStatus" NOT NULL DEFAULT 'QUEUED',
    "progress" INTEGER NOT NULL DEFAULT 0,
    "tokenHash" TEXT,
    "archive" BYTEA,
    "error" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "startedAt" TIMESTAMPTZ(3),
    "completedAt" TIMESTAMPTZ(3),
    "expiresAt" TIMESTAMPTZ(3),
    CONSTRAINT "DataExport_pkey" PRIMARY KEY ("id")
);
CREATE UNIQUE INDEX "DataExport_tokenHash_key" ON "DataExport"("tokenHash");
CREATE INDEX "DataExport_status_createdAt_idx" ON "DataExport"("status", "createdAt");
CREATE INDEX "DataExport_subjectId_idx" ON "DataExport"("subjectId");
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_subjectId_fkey" FOREIGN KEY ("subjectId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DataExport" ADD CONSTRAINT "DataExport_requestedById_fkey" FOREIGN KEY ("requestedById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

CREATE TABLE "RetentionSetting" (
    "rule" TEXT NOT NULL,
    "days" INTEGER NOT NULL,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedById" TEXT,
    CONSTRAINT "RetentionSetting_pkey" PRIMARY KEY ("rule")
);

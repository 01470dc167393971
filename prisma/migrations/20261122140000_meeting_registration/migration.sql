-- CreateEnum
CREATE TYPE "RegistrationStatus" AS ENUM ('CONFIRMED', 'WAITING', 'CANCELLED');

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "accessNeedsErasedAt" TIMESTAMPTZ(3),
ADD COLUMN     "accessNeedsSummary" JSONB,
ADD COLUMN     "accessRetentionDays" INTEGER NOT NULL DEFAULT 30;

-- CreateTable
CREATE TABLE "Registration" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "userId" TEXT,
    "name" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    "code" TEXT NOT NULL,
    "cancelTokenHash" TEXT NOT NULL,
    "status" "RegistrationStatus" NOT NULL,
    "places" INTEGER NOT NULL DEFAULT 1,
    "accessNeeds" TEXT[],
    "accessOther" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMPTZ(3),
    "cancelledAt" TIMESTAMPTZ(3),
    "attendedAt" TIMESTAMPTZ(3),
    "remindedAt" TIMESTAMPTZ(3),

    CONSTRAINT "Registration_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Registration_code_key" ON "Registration"("code");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_cancelTokenHash_key" ON "Registration"("cancelTokenHash");

-- CreateIndex
CREATE INDEX "Registration_meetingId_status_createdAt_idx" ON "Registration"("meetingId", "status", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "Registration_meetingId_email_key" ON "Registration"("meetingId", "email");

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Registration" ADD CONSTRAINT "Registration_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

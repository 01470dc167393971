-- CreateEnum
CREATE TYPE "EmailFrequency" AS ENUM ('IMMEDIATELY', 'DAILY', 'WEEKLY', 'OFF');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "unsubscribeToken" TEXT;

-- AlterTable
ALTER TABLE "Notification" ADD COLUMN     "digest" "EmailFrequency",
ADD COLUMN     "emailedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "NotificationPreference" (
    "userId" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "frequency" "EmailFrequency" NOT NULL,

    CONSTRAINT "NotificationPreference_pkey" PRIMARY KEY ("userId","kind")
);

-- Carry over the old single setting: people who had turned emails off keep them off.
INSERT INTO "NotificationPreference" ("userId", "kind", "frequency")
SELECT u.id, k.kind, 'OFF'::"EmailFrequency"
FROM "User" u CROSS JOIN (VALUES ('reply'), ('new-version'), ('election-result'), ('safeguarding')) AS k(kind)
WHERE u."emailNotifications" = false;

-- AlterTable
ALTER TABLE "User" DROP COLUMN "emailNotifications";

-- CreateIndex
CREATE UNIQUE INDEX "User_unsubscribeToken_key" ON "User"("unsubscribeToken");

-- AddForeignKey
ALTER TABLE "NotificationPreference" ADD CONSTRAINT "NotificationPreference_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

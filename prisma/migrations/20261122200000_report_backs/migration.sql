-- AlterTable
ALTER TABLE "Election" ADD COLUMN "nominationsNotifiedAt" TIMESTAMPTZ(3), ADD COLUMN "votingNotifiedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "ReportBack" (
    "id" TEXT NOT NULL,
    "seatId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "discussed" TEXT NOT NULL,
    "decided" TEXT NOT NULL,
    "questions" TEXT NOT NULL DEFAULT '',
    "messageId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ReportBack_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ReportBack_messageId_key" ON "ReportBack"("messageId");
CREATE UNIQUE INDEX "ReportBack_meetingId_authorId_key" ON "ReportBack"("meetingId", "authorId");
CREATE INDEX "ReportBack_seatId_idx" ON "ReportBack"("seatId");

-- AddForeignKey
ALTER TABLE "ReportBack" ADD CONSTRAINT "ReportBack_seatId_fkey" FOREIGN KEY ("seatId") REFERENCES "SeatDefinition"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportBack" ADD CONSTRAINT "ReportBack_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportBack" ADD CONSTRAINT "ReportBack_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "BodyMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ReportBack" ADD CONSTRAINT "ReportBack_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "ForumMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- CreateEnum
CREATE TYPE "PaperKind" AS ENUM ('PROPOSAL_VERSION', 'REPORT', 'DOCUMENT');
CREATE TYPE "AttendanceKind" AS ENUM ('PRESENT', 'APOLOGIES', 'IN_ATTENDANCE');
CREATE TYPE "Vote" AS ENUM ('FOR', 'AGAINST', 'ABSTAIN');
CREATE TYPE "ActionStatus" AS ENUM ('OPEN', 'DONE', 'DROPPED');
CREATE TYPE "RecommendationOutcome" AS ENUM ('APPROVED', 'AMENDED', 'REJECTED', 'DEFERRED');

-- AlterTable
ALTER TABLE "Body" ADD COLUMN "closedAt" TIMESTAMPTZ(3),
    ADD COLUMN "quorumNumerator" INTEGER NOT NULL DEFAULT 1,
    ADD COLUMN "quorumDenominator" INTEGER NOT NULL DEFAULT 3,
    ADD COLUMN "quorumPartners" TEXT[],
    ADD COLUMN "quorumForumRep" BOOLEAN NOT NULL DEFAULT true;
ALTER TABLE "BodyMeeting" ADD COLUMN "minutesPublishedAt" TIMESTAMPTZ(3),
    ADD COLUMN "minutesApprovedAt" TIMESTAMPTZ(3),
    ADD COLUMN "minutesApprovedById" TEXT,
    ADD COLUMN "minutesApprovedAtMeetingId" TEXT,
    ADD COLUMN "papersPublishedAt" TIMESTAMPTZ(3);
ALTER TABLE "AgendaItem" ADD COLUMN "minutes" TEXT NOT NULL DEFAULT '';

-- CreateTable
CREATE TABLE "AgendaPaper" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "kind" "PaperKind" NOT NULL,
    "title" TEXT NOT NULL,
    "proposalVersionId" TEXT,
    "reportId" TEXT,
    "fileName" TEXT,
    "contentType" TEXT,
    "size" INTEGER,
    "storageKey" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "AgendaPaper_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Attendance" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "appointmentId" TEXT,
    "name" TEXT NOT NULL,
    "role" TEXT,
    "kind" "AttendanceKind" NOT NULL,
    CONSTRAINT "Attendance_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Decision" (
    "id" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "itemId" TEXT,
    "year" INTEGER NOT NULL,
    "number" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "voteTaken" BOOLEAN NOT NULL DEFAULT false,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Decision_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "DecisionVote" (
    "decisionId" TEXT NOT NULL,
    "appointmentId" TEXT NOT NULL,
    "vote" "Vote" NOT NULL,
    CONSTRAINT "DecisionVote_pkey" PRIMARY KEY ("decisionId","appointmentId")
);

CREATE TABLE "BoardAction" (
    "id" TEXT NOT NULL,
    "bodyId" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "ownerId" TEXT,
    "ownerPost" TEXT,
    "dueOn" DATE NOT NULL,
    "status" "ActionStatus" NOT NULL DEFAULT 'OPEN',
    "remindedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BoardAction_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "ActionUpdate" (
    "id" TEXT NOT NULL,
    "actionId" TEXT NOT NULL,
    "authorId" TEXT,
    "text" TEXT NOT NULL,
    "status" "ActionStatus",
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ActionUpdate_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "CabinetReport" (
    "id" TEXT NOT NULL,
    "meetingId" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "portfolio" TEXT NOT NULL,
    "service" TEXT NOT NULL,
    "wards" TEXT NOT NULL,
    "keyDecision" BOOLEAN NOT NULL,
    "forwardPlan" BOOLEAN NOT NULL,
    "summary" TEXT NOT NULL,
    "resources" TEXT NOT NULL DEFAULT '',
    "legal" TEXT NOT NULL DEFAULT '',
    "citizenImpact" TEXT NOT NULL DEFAULT '',
    "communitySafety" TEXT NOT NULL DEFAULT '',
    "environmentalImpact" TEXT NOT NULL DEFAULT '',
    "performanceRisk" TEXT NOT NULL DEFAULT '',
    "equality" TEXT NOT NULL DEFAULT '',
    "consultation" TEXT NOT NULL DEFAULT '',
    "backgroundPapers" TEXT NOT NULL DEFAULT '',
    "contactOfficer" TEXT NOT NULL,
    "officerSignOff" TEXT NOT NULL,
    "officerSignedOn" DATE,
    "portfolioHolderSignOff" TEXT NOT NULL,
    "holderSignedOn" DATE,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "CabinetReport_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "Recommendation" (
    "id" TEXT NOT NULL,
    "reportId" TEXT NOT NULL,
    "number" INTEGER NOT NULL,
    "text" TEXT NOT NULL,
    "outcome" "RecommendationOutcome",
    "amendedText" TEXT,
    "decisionId" TEXT,
    CONSTRAINT "Recommendation_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "BodyFollow" (
    "bodyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "BodyFollow_pkey" PRIMARY KEY ("bodyId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "AgendaPaper_storageKey_key" ON "AgendaPaper"("storageKey");
CREATE UNIQUE INDEX "Attendance_meetingId_appointmentId_key" ON "Attendance"("meetingId", "appointmentId");
CREATE UNIQUE INDEX "Decision_bodyId_year_number_key" ON "Decision"("bodyId", "year", "number");
CREATE INDEX "BoardAction_bodyId_status_idx" ON "BoardAction"("bodyId", "status");
CREATE INDEX "BoardAction_ownerId_status_idx" ON "BoardAction"("ownerId", "status");
CREATE UNIQUE INDEX "Recommendation_reportId_number_key" ON "Recommendation"("reportId", "number");

-- AddForeignKey
ALTER TABLE "AgendaPaper" ADD CONSTRAINT "AgendaPaper_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AgendaItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "AgendaPaper" ADD CONSTRAINT "AgendaPaper_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "CabinetReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "BodyMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Attendance" ADD CONSTRAINT "Attendance_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "Body"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "BodyMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Decision" ADD CONSTRAINT "Decision_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AgendaItem"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "DecisionVote" ADD CONSTRAINT "DecisionVote_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "DecisionVote" ADD CONSTRAINT "DecisionVote_appointmentId_fkey" FOREIGN KEY ("appointmentId") REFERENCES "Appointment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BoardAction" ADD CONSTRAINT "BoardAction_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "Body"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BoardAction" ADD CONSTRAINT "BoardAction_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "BodyMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BoardAction" ADD CONSTRAINT "BoardAction_ownerId_fkey" FOREIGN KEY ("ownerId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "ActionUpdate" ADD CONSTRAINT "ActionUpdate_actionId_fkey" FOREIGN KEY ("actionId") REFERENCES "BoardAction"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ActionUpdate" ADD CONSTRAINT "ActionUpdate_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "CabinetReport" ADD CONSTRAINT "CabinetReport_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "BodyMeeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_reportId_fkey" FOREIGN KEY ("reportId") REFERENCES "CabinetReport"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "Recommendation" ADD CONSTRAINT "Recommendation_decisionId_fkey" FOREIGN KEY ("decisionId") REFERENCES "Decision"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "BodyFollow" ADD CONSTRAINT "BodyFollow_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "Body"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BodyFollow" ADD CONSTRAINT "BodyFollow_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

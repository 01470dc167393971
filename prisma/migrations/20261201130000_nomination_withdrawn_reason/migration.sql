-- Why a nomination was withdrawn when nobody chose to (ADR 040): the candidate's Forum membership
-- ended, or at the count they could no longer stand. Shown to the returning officer only.
-- AlterTable
ALTER TABLE "Nomination" ADD COLUMN     "withdrawnReason" TEXT;

-- Responses received outside the platform (email, post, meetings) are comments with a channel
-- and no author account; who sent them is kept on the row ("createdAt" is the day it was
-- received), and they are public only with the respondent's consent. The CHECK keeps the two kinds apart: a platform comment always has an
-- author, an imported response never does (so no account's erasure or export takes it along).
CREATE TYPE "ResponseChannel" AS ENUM ('PLATFORM', 'EMAIL', 'POST', 'MEETING', 'OTHER');

ALTER TABLE "Comment" ALTER COLUMN "authorId" DROP NOT NULL,
  ADD COLUMN "channel" "ResponseChannel" NOT NULL DEFAULT 'PLATFORM',
  ADD COLUMN "respondentName" TEXT,
  ADD COLUMN "respondentOrganisation" TEXT,
  ADD COLUMN "respondentType" "StakeholderType",
  ADD COLUMN "publicConsent" BOOLEAN NOT NULL DEFAULT false,
  ADD COLUMN "importedById" TEXT,
  ADD CONSTRAINT "Comment_channel_author_check" CHECK (("channel" = 'PLATFORM') = ("authorId" IS NOT NULL));

ALTER TABLE "Comment" ADD CONSTRAINT "Comment_importedById_fkey" FOREIGN KEY ("importedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;

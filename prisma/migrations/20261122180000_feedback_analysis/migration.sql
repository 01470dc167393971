-- CreateEnum
CREATE TYPE "ThemeResponse" AS ENUM ('CHANGED', 'WILL_CONSIDER', 'NOT_CHANGED');

-- AlterTable
ALTER TABLE "Comment" ADD COLUMN "keyQuote" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "Theme" (
    "id" TEXT NOT NULL,
    "proposalId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "nameKey" TEXT NOT NULL,
    "summary" TEXT NOT NULL DEFAULT '',
    "response" "ThemeResponse",
    "responseNote" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Theme_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CommentTheme" (
    "commentId" TEXT NOT NULL,
    "themeId" TEXT NOT NULL,
    "taggedById" TEXT,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "CommentTheme_pkey" PRIMARY KEY ("commentId","themeId")
);

-- CreateTable
CREATE TABLE "ThemeSectionChange" (
    "themeId" TEXT NOT NULL,
    "sectionId" TEXT NOT NULL,

    CONSTRAINT "ThemeSectionChange_pkey" PRIMARY KEY ("themeId","sectionId")
);

-- CreateTable
CREATE TABLE "SectionSummary" (
    "proposalId" TEXT NOT NULL,
    "sectionNumber" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "revision" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SectionSummary_pkey" PRIMARY KEY ("proposalId","sectionNumber")
);

-- CreateTable
CREATE TABLE "ConsultationOutcome" (
    "proposalId" TEXT NOT NULL,
    "overview" TEXT NOT NULL DEFAULT '',
    "revision" INTEGER NOT NULL DEFAULT 0,
    "publishedAt" TIMESTAMPTZ(3),
    "publishedById" TEXT,
    "updatedAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ConsultationOutcome_pkey" PRIMARY KEY ("proposalId")
);

-- CreateIndex
CREATE UNIQUE INDEX "Theme_proposalId_nameKey_key" ON "Theme"("proposalId", "nameKey");

-- CreateIndex
CREATE INDEX "CommentTheme_themeId_idx" ON "CommentTheme"("themeId");

-- Full-text search of comments in the analysis workspace (not expressible in schema.prisma).
CREATE INDEX "Comment_body_fts_idx" ON "Comment" USING GIN (to_tsvector('english', "body"));

-- AddForeignKey
ALTER TABLE "Theme" ADD CONSTRAINT "Theme_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CommentTheme" ADD CONSTRAINT "CommentTheme_commentId_fkey" FOREIGN KEY ("commentId") REFERENCES "Comment"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "CommentTheme" ADD CONSTRAINT "CommentTheme_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "Theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ThemeSectionChange" ADD CONSTRAINT "ThemeSectionChange_themeId_fkey" FOREIGN KEY ("themeId") REFERENCES "Theme"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ThemeSectionChange" ADD CONSTRAINT "ThemeSectionChange_sectionId_fkey" FOREIGN KEY ("sectionId") REFERENCES "ProposalSection"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SectionSummary" ADD CONSTRAINT "SectionSummary_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ConsultationOutcome" ADD CONSTRAINT "ConsultationOutcome_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal"("id") ON DELETE CASCADE ON UPDATE CASCADE;

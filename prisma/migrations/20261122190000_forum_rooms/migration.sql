-- One moderation mechanism for comments and Forum messages.
ALTER TABLE "CommentReport" ALTER COLUMN "commentId" DROP NOT NULL, ADD COLUMN "messageId" TEXT;
ALTER TABLE "ModerationAction" ALTER COLUMN "commentId" DROP NOT NULL, ADD COLUMN "messageId" TEXT;
ALTER TABLE "SafeguardingAlert" ALTER COLUMN "commentId" DROP NOT NULL, ADD COLUMN "messageId" TEXT;
ALTER TABLE "CommentReport" ADD CONSTRAINT "CommentReport_one_subject" CHECK (num_nonnulls("commentId", "messageId") = 1);
ALTER TABLE "ModerationAction" ADD CONSTRAINT "ModerationAction_one_subject" CHECK (num_nonnulls("commentId", "messageId") = 1);
ALTER TABLE "SafeguardingAlert" ADD CONSTRAINT "SafeguardingAlert_one_subject" CHECK (num_nonnulls("commentId", "messageId") = 1);

-- CreateTable
CREATE TABLE "ForumRoom" (
    "id" TEXT NOT NULL,
    "slug" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT NOT NULL,
    "categories" "ForumCategory"[],
    "archivedAt" TIMESTAMPTZ(3),
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForumRoom_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForumMessage" (
    "id" TEXT NOT NULL,
    "roomId" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    "parentId" TEXT,
    "body" TEXT NOT NULL,
    "pinnedAt" TIMESTAMPTZ(3),
    "mentions" TEXT[],
    "moderation" "ModerationState" NOT NULL DEFAULT 'VISIBLE',
    "moderationReason" TEXT,
    "reportCount" INTEGER NOT NULL DEFAULT 0,
    "replyCount" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "editedAt" TIMESTAMPTZ(3),
    "deletedAt" TIMESTAMPTZ(3),

    CONSTRAINT "ForumMessage_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ForumReaction" (
    "messageId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "emoji" TEXT NOT NULL,
    "createdAt" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ForumReaction_pkey" PRIMARY KEY ("messageId","userId","emoji")
);

-- CreateTable
CREATE TABLE "ForumRoomRead" (
    "roomId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "lastReadAt" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "ForumRoomRead_pkey" PRIMARY KEY ("roomId","userId")
);

-- CreateIndex
CREATE UNIQUE INDEX "CommentReport_messageId_reporterId_key" ON "CommentReport"("messageId", "reporterId");
CREATE INDEX "ModerationAction_messageId_idx" ON "ModerationAction"("messageId");
CREATE UNIQUE INDEX "ForumRoom_slug_key" ON "ForumRoom"("slug");
CREATE INDEX "ForumMessage_roomId_parentId_createdAt_idx" ON "ForumMessage"("roomId", "parentId", "createdAt");
CREATE INDEX "ForumMessage_parentId_createdAt_idx" ON "ForumMessage"("parentId", "createdAt");

-- AddForeignKey
ALTER TABLE "CommentReport" ADD CONSTRAINT "CommentReport_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "ForumMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ModerationAction" ADD CONSTRAINT "ModerationAction_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "ForumMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "SafeguardingAlert" ADD CONSTRAINT "SafeguardingAlert_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "ForumMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForumMessage" ADD CONSTRAINT "ForumMessage_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "ForumRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForumMessage" ADD CONSTRAINT "ForumMessage_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForumMessage" ADD CONSTRAINT "ForumMessage_parentId_fkey" FOREIGN KEY ("parentId") REFERENCES "ForumMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForumReaction" ADD CONSTRAINT "ForumReaction_messageId_fkey" FOREIGN KEY ("messageId") REFERENCES "ForumMessage"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForumReaction" ADD CONSTRAINT "ForumReaction_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForumRoomRead" ADD CONSTRAINT "ForumRoomRead_roomId_fkey" FOREIGN KEY ("roomId") REFERENCES "ForumRoom"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "ForumRoomRead" ADD CONSTRAINT "ForumRoomRead_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

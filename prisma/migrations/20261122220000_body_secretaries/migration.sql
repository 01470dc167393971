-- CreateTable
CREATE TABLE "BodySecretary" (
    "bodyId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    CONSTRAINT "BodySecretary_pkey" PRIMARY KEY ("bodyId","userId")
);

-- AddForeignKey
ALTER TABLE "BodySecretary" ADD CONSTRAINT "BodySecretary_bodyId_fkey" FOREIGN KEY ("bodyId") REFERENCES "Body"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "BodySecretary" ADD CONSTRAINT "BodySecretary_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Board secretaries who kept every body's record until now keep doing so.
INSERT INTO "BodySecretary" ("bodyId", "userId")
SELECT b."id", r."userId" FROM "Body" b CROSS JOIN "UserRole" r WHERE r."role" = 'BOARD_SECRETARY'
ON CONFLICT DO NOTHING;

-- Questions at meetings go through the same safeguarding check as comments and messages.
ALTER TABLE "SafeguardingAlert" ADD COLUMN "questionId" TEXT;
ALTER TABLE "SafeguardingAlert" DROP CONSTRAINT "SafeguardingAlert_one_subject";
ALTER TABLE "SafeguardingAlert" ADD CONSTRAINT "SafeguardingAlert_one_subject" CHECK (num_nonnulls("commentId", "messageId", "questionId") = 1);
ALTER TABLE "SafeguardingAlert" ADD CONSTRAINT "SafeguardingAlert_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Every signed-in proposal page asks whether the reader has comments awaiting moderation there
-- (ADR 024). By author alone that read every comment the reader ever wrote; by author and
-- moderation state it reads only the pending ones (usually none).
CREATE INDEX "Comment_authorId_moderation_idx" ON "Comment"("authorId", "moderation");

-- The proposal page asks which comments of this proposal the reader agreed with, together with
-- the access check, before it knows which comments the page shows (ADR 020). By the reader, the
-- answer costs what that person has agreed with, not what the proposal has.
CREATE INDEX "CommentAgree_userId_idx" ON "CommentAgree"("userId");

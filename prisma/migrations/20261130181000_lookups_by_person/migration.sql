-- Two questions asked on every request of their kind, answered by the person instead of by
-- everything (ADR 020, second pass):
-- the proposal page asks which comments of this proposal the reader agreed with, together with
-- the access check, before it knows which comments the page shows: by the reader, the answer
-- costs what that person has agreed with, not what the proposal has;
CREATE INDEX "CommentAgree_userId_idx" ON "CommentAgree"("userId");
-- a guest's registration counts that address's unconfirmed registrations of the last day: by
-- the address, not by every guest's registration of the day.
CREATE INDEX "Registration_email_idx" ON "Registration"("email");

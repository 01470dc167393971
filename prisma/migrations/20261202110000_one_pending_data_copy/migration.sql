-- One copy at a time for each person and asker: two requests at the same moment both found none
-- pending and queued two. The database now holds the rule; the app answers the second with 409.
UPDATE "DataExport" d SET "status" = 'FAILED', "error" = 'A copy was already being prepared'
WHERE d."status" IN ('QUEUED', 'RUNNING') AND EXISTS (
  SELECT 1 FROM "DataExport" o
  WHERE o."subjectId" = d."subjectId" AND o."requestedById" = d."requestedById" AND o."status" IN ('QUEUED', 'RUNNING')
    AND (o."createdAt", o."id") < (d."createdAt", d."id"));
CREATE UNIQUE INDEX "DataExport_one_pending_key" ON "DataExport"("subjectId", "requestedById") WHERE "status" IN ('QUEUED', 'RUNNING');

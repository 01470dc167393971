-- Erasure finds what names a person by their account id, never by matching their name, address
-- or organisation as text in other people's records (app/features/privacy/erasure.server.ts).
--
-- OutboxEmail."recipientId": the account an email was sent to (null for a guest's address).
-- OutboxEmail."namedUserIds", Notification."namedUserIds": the accounts whose name the row
-- carries, an id once for each time the name was put in (a digest can name someone twice).
-- Election."resultCandidateIds": the account of each candidate in result.candidates, in order.
ALTER TABLE "OutboxEmail" ADD COLUMN "recipientId" TEXT;
ALTER TABLE "OutboxEmail" ADD COLUMN "namedUserIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Notification" ADD COLUMN "namedUserIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];
ALTER TABLE "Election" ADD COLUMN "resultCandidateIds" TEXT[] NOT NULL DEFAULT ARRAY[]::TEXT[];

CREATE INDEX "OutboxEmail_recipientId_idx" ON "OutboxEmail"("recipientId");
-- Only the few rows that name someone are indexed: erasure looks them up by id.
CREATE INDEX "OutboxEmail_namedUserIds_idx" ON "OutboxEmail" USING GIN ("namedUserIds") WHERE "namedUserIds" <> '{}';
CREATE INDEX "Notification_namedUserIds_idx" ON "Notification" USING GIN ("namedUserIds") WHERE "namedUserIds" <> '{}';

-- Rows written before this migration: attributed where the text the app wrote identifies the
-- person beyond doubt (the record it links to, their name where the template put it, the
-- moment); anything else is left unattributed, and erasure leaves it alone.

-- Declared results: a candidate is the one standing nomination whose holder's name is the
-- name in the result (or that name with its position, as repeated names were written).
UPDATE "Election" e SET "resultCandidateIds" = (
  SELECT array_agg(coalesce((
    SELECT min(n."candidateId") FROM "Nomination" n JOIN "User" u ON u.id = n."candidateId"
    WHERE n."electionId" = e.id AND n."acceptedAt" IS NOT NULL AND n."confirmedAt" IS NOT NULL
      AND (n."withdrawnAt" IS NULL OR n."withdrawnAt" > e."declaredAt")
      AND (u."displayName" = c.name OR c.name = u."displayName" || ' (' || c.i || ')')
    HAVING count(*) = 1), '') ORDER BY c.i)
  FROM jsonb_array_elements_text(e.result -> 'candidates') WITH ORDINALITY AS c(name, i))
WHERE e."declaredAt" IS NOT NULL AND jsonb_typeof(e.result -> 'candidates') = 'array';

-- "<name> replied to your comment on ...", linking to the reply.
UPDATE "Notification" n SET "namedUserIds" = ARRAY[c."authorId"]
FROM "Comment" c JOIN "User" u ON u.id = c."authorId"
WHERE n.kind = 'reply' AND n."namedUserIds" = '{}' AND n.link LIKE '/proposals/%/comments/%'
  AND c.id = substring(n.link FROM '/comments/([^/?#]+)$')
  AND starts_with(n.title, u."displayName" || ' replied to your comment on ');

-- "<name> replied to you in ..." / "<name> mentioned you in ...", linking to the thread the
-- message was posted in, at the moment it was posted.
UPDATE "Notification" n SET "namedUserIds" = ARRAY[a.author]
FROM (
  SELECT n2.id, min(m."authorId") AS author
  FROM "Notification" n2
  JOIN "ForumMessage" m ON (m.id = substring(n2.link FROM '#message-(.+)$') OR m."parentId" = substring(n2.link FROM '#message-(.+)$'))
    AND m."createdAt" BETWEEN n2."createdAt" - interval '1 minute' AND n2."createdAt" + interval '1 minute'
  JOIN "User" u ON u.id = m."authorId"
  WHERE n2.kind IN ('reply', 'mention') AND n2."namedUserIds" = '{}' AND n2.link LIKE '/forum/rooms/%#message-%'
    AND (starts_with(n2.title, u."displayName" || ' replied to you in ') OR starts_with(n2.title, u."displayName" || ' mentioned you in '))
  GROUP BY n2.id
  HAVING count(DISTINCT m."authorId") = 1
) a
WHERE n.id = a.id;

-- A notification's email: the notification's subject, to its person, when it was made.
UPDATE "OutboxEmail" e SET "recipientId" = a."userId", "namedUserIds" = a."namedUserIds"
FROM (
  SELECT DISTINCT ON (e2.id) e2.id, n."userId", n."namedUserIds"
  FROM "OutboxEmail" e2
  JOIN "User" u ON u.email = e2."to"
  JOIN "Notification" n ON n."userId" = u.id AND n.title = e2.subject AND n."emailedAt" IS NOT NULL
    AND n."createdAt" BETWEEN e2."createdAt" - interval '1 minute' AND e2."createdAt" + interval '1 minute'
  WHERE e2."recipientId" IS NULL
  ORDER BY e2.id, n."createdAt"
) a
WHERE e.id = a.id;

-- A declared result's email names the people elected.
UPDATE "OutboxEmail" e SET "namedUserIds" = w.ids
FROM (
  SELECT el.title, el."declaredAt", array(
    SELECT el."resultCandidateIds"[c.i::int] FROM jsonb_array_elements_text(el.result -> 'candidates') WITH ORDINALITY AS c(name, i)
    WHERE (el.result -> 'elected') ? c.name AND coalesce(el."resultCandidateIds"[c.i::int], '') <> '' ORDER BY c.i) AS ids
  FROM "Election" el WHERE el."declaredAt" IS NOT NULL
) w
WHERE e."namedUserIds" = '{}' AND e.subject = 'Result declared: ' || w.title AND starts_with(e.text, 'Elected: ')
  AND e."createdAt" BETWEEN w."declaredAt" - interval '1 hour' AND w."declaredAt" + interval '1 hour';

-- "<inviter> has invited you to read and comment on a proposal", to the address invited.
UPDATE "OutboxEmail" e SET "namedUserIds" = ARRAY[a.inviter]
FROM (
  SELECT DISTINCT ON (e2.id) e2.id, i."invitedById" AS inviter
  FROM "OutboxEmail" e2
  JOIN "ProposalInvitation" i ON i.email = e2."to"
  JOIN "Proposal" p ON p.id = i."proposalId" AND e2.subject = 'You are invited to comment on: ' || p.title
  JOIN "User" u ON u.id = i."invitedById" AND starts_with(e2.text, u."displayName" || ' has invited you')
  WHERE e2."namedUserIds" = '{}'
  ORDER BY e2.id, i."createdAt"
) a
WHERE e.id = a.id;

-- Digests list the titles of the notifications they sent, with the names those carry.
UPDATE "OutboxEmail" e SET "recipientId" = a."userId", "namedUserIds" = a.named
FROM (
  SELECT e2.id, u.id AS "userId", coalesce(array(
    SELECT x FROM "Notification" n, unnest(n."namedUserIds") AS x
    WHERE n."userId" = u.id AND n.digest IS NOT NULL
      AND n."emailedAt" BETWEEN e2."createdAt" - interval '1 minute' AND e2."createdAt" + interval '1 minute'), '{}') AS named
  FROM "OutboxEmail" e2 JOIN "User" u ON u.email = e2."to"
  WHERE e2."recipientId" IS NULL AND e2.subject ~ '^Your (daily|weekly) Touchstone summary: '
) a
WHERE e.id = a.id;

-- Emails that only ever go to an account: the account that has the address.
UPDATE "OutboxEmail" e SET "recipientId" = u.id
FROM "User" u
WHERE e."recipientId" IS NULL AND u.email = e."to"
  AND (e.subject IN ('Confirm your email address for Touchstone', 'Reset your Touchstone password', 'Set your Touchstone administrator password',
                     'Your copy of your Touchstone data is ready')
       OR e.subject LIKE 'Papers due %');

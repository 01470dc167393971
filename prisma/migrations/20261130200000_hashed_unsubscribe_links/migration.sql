-- Unsubscribe links become emailed tokens like the others: only a SHA-256 of each is stored
-- (AccountToken), so a copy of the database holds no link that changes anyone's settings.
ALTER TYPE "AccountTokenPurpose" ADD VALUE 'UNSUBSCRIBE';
ALTER TABLE "User" DROP COLUMN "unsubscribeToken";

-- ADR 014: ballots are sealed to the election's public key when cast, and opened only at the count.
ALTER TABLE "Election" ADD COLUMN "ballotPublicKey" BYTEA,
ADD COLUMN "countKey" JSONB,
ADD COLUMN "voidedAt" TIMESTAMPTZ(3);

-- CreateTable
CREATE TABLE "SealedBallot" (
    "receipt" TEXT NOT NULL,
    "electionId" TEXT NOT NULL,
    "sealed" BYTEA,

    CONSTRAINT "SealedBallot_pkey" PRIMARY KEY ("receipt")
);

-- CreateIndex
CREATE INDEX "SealedBallot_electionId_idx" ON "SealedBallot"("electionId");

-- AddForeignKey
ALTER TABLE "SealedBallot" ADD CONSTRAINT "SealedBallot_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Ballots cast before this change were stored readable, each in the same transaction as its
-- voter-roll row. Their receipts move to the ballot box (with no ciphertext), and the rankings
-- are rewritten by this one transaction in a random order into a new table (the old table's
-- file is dropped), so neither the transaction id nor the physical order links them to a voter.
INSERT INTO "SealedBallot" ("receipt", "electionId") SELECT "receipt", "electionId" FROM "Ballot" ORDER BY random();

CREATE TEMP TABLE "ballot_shuffle" AS SELECT "id", "electionId", "ranking" FROM "Ballot";

DROP TABLE "Ballot";

-- CreateTable
CREATE TABLE "Ballot" (
    "id" TEXT NOT NULL,
    "electionId" TEXT NOT NULL,
    "ranking" TEXT[],

    CONSTRAINT "Ballot_pkey" PRIMARY KEY ("id")
);

INSERT INTO "Ballot" ("id", "electionId", "ranking") SELECT gen_random_uuid()::text, "electionId", "ranking" FROM "ballot_shuffle" ORDER BY random();

DROP TABLE "ballot_shuffle";

-- CreateIndex
CREATE INDEX "Ballot_electionId_idx" ON "Ballot"("electionId");

-- AddForeignKey
ALTER TABLE "Ballot" ADD CONSTRAINT "Ballot_electionId_fkey" FOREIGN KEY ("electionId") REFERENCES "Election"("id") ON DELETE CASCADE ON UPDATE CASCADE;

import crypto from "node:crypto";
import { Prisma } from "#app/generated/prisma/client";
import type { CountMethod as DbCountMethod, ForumCategory, MembershipStatus } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { londonTime, londonToday } from "#app/utils/dates";
import { fieldOutOfOrder } from "#app/utils/date-time-fields";
import { answerOnce, earlierAnswer, type Submission } from "#app/utils/idempotency.server";
import { inTransaction, type Tx } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { notify } from "#app/features/notifications/notifications.server";
import { writeBlt, type Election as CountInput } from "./counting/blt";
import { countElection, type CountMethod, type CountResult } from "./counting/count";
import { createElectionKeys, CountKeySchema, openBallot, receiptOf, sealBallot, shuffled, unlockCountKey } from "./ballot-box.server";
import { electionRoom } from "./elections.events";
import {
  canRunElections,
  canStand,
  canWatchTurnout,
  canVote,
  inConstituency,
  phaseOf,
  seesNomination,
  standingRefusal,
  votersWhere,
  type StandingRefusal,
} from "./elections.policy";
import { NOMINEE_REFUSAL, readRanking, type BallotForm, type CreateElectionForm, type VoidElectionSchema } from "./elections.schema";
import type { z } from "zod";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { unconfirmedEmail } from "#app/features/accounts/accounts.policy";
import { checkFloodLimit } from "#app/utils/flood-control.server";
import type { JoinRule } from "#app/utils/realtime-rooms";

const forbidden = () => fail(403, "form", "Only the returning officer (a Forum officer) can do this");

/** Why a candidate cannot stand, as the returning officer is told (never the public). */
const CANNOT_STAND: Record<StandingRefusal, string> = {
  "not-member": "not a verified Forum member",
  category: "not in a Forum category that may stand for this seat",
  residency: "living in the city not verified",
};

const isUniqueViolation = (error: unknown) =>
  error instanceof Prisma.PrismaClientKnownRequestError &&
  (error.code === "P2002" || (error.code === "P2010" && /23505|unique/i.test(JSON.stringify(error.meta ?? {}) + error.message)));

const COUNT_METHOD: Record<DbCountMethod, CountMethod> = { SCOTTISH_STV: "scottish-stv", ERS97: "ers97", FPTP: "fptp", BLOCK: "block" };
export const BLT_MIN_VOTERS = 20;

/**
 * The lot seed is fixed when the election is called. Until the result is declared only
 * its SHA-256 is shown, so anyone can later check the seed was not chosen after the votes.
 */
export function seedCommitment(seed: string): string {
  return crypto.createHash("sha256").update(seed).digest("hex");
}

export function electedSeats() {
  return db.seatDefinition.findMany({
    where: { fillMethod: "ELECTED" },
    orderBy: [{ body: { name: "asc" } }, { position: "asc" }],
    select: { id: true, name: true, places: true, eligibleCategories: true, residencyRequired: true, body: { select: { name: true } } },
  });
}

export function listElections() {
  return db.election.findMany({
    orderBy: { votingCloseAt: "desc" },
    select: {
      id: true,
      slug: true,
      title: true,
      places: true,
      nominationsOpenAt: true,
      nominationsCloseAt: true,
      votingOpenAt: true,
      votingCloseAt: true,
      declaredAt: true,
      seat: { select: { name: true } },
    },
  });
}

export async function createElection(actor: SessionUser, form: CreateElectionForm): Promise<CommandResult<{ slug: string }>> {
  if (!canRunElections(actor)) return forbidden();
  const seat = await db.seatDefinition.findFirst({ where: { id: form.seatId, fillMethod: "ELECTED" }, select: { id: true, places: true } });
  if (!seat) return fail(400, "seatId", "Choose a seat that the Forum elects");
  if (form.places > seat.places) return fail(400, "places", `This seat has only ${seat.places} places`);
  const at = (w: { date: string; time: string }) => londonTime(w.date, w.time);
  const slug = `${form.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 50)}-${crypto.randomBytes(2).toString("hex")}`;
  // The ballot box's key pair is made now, so it exists before anyone can vote (ADR 014).
  const keys = await createElectionKeys(form.countPassphrase);
  await db.election.create({
    data: {
      slug,
      title: form.title,
      seatId: seat.id,
      places: form.places,
      constituency: form.constituency,
      residencyRequired: form.residencyRequired,
      method: form.method,
      nominationsOpenAt: at(form.nominationsOpen),
      nominationsCloseAt: at(form.nominationsClose),
      votingOpenAt: at(form.votingOpen),
      votingCloseAt: at(form.votingClose),
      salt: crypto.randomBytes(16).toString("hex"),
      lotSeed: crypto.randomBytes(16).toString("hex"),
      ballotPublicKey: keys.publicKey,
      countKey: keys.countKey,
      createdById: actor.id,
    },
  });
  return ok({ slug });
}

const membershipOf = (userId: string) => db.forumMembership.findUnique({ where: { userId }, select: { status: true, category: true, residentVerified: true } });

export async function getElection(viewer: SessionUser | null, slug: string, now = new Date()) {
  const election = await db.election.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      places: true,
      constituency: true,
      residencyRequired: true,
      nominationsOpenAt: true,
      nominationsCloseAt: true,
      votingOpenAt: true,
      votingCloseAt: true,
      method: true,
      salt: true,
      lotSeed: true,
      declaredAt: true,
      voidedAt: true,
      result: true,
      seat: {
        select: { id: true, name: true, termMonths: true, eligibleCategories: true, residencyRequired: true, body: { select: { slug: true, name: true } } },
      },
      nominations: {
        where: seesNomination.where({ actor: viewer, now }),
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          statement: true,
          acceptedAt: true,
          confirmedAt: true,
          withdrawnAt: true,
          withdrawnReason: true,
          candidateId: true,
          nominatedById: true,
          candidate: { select: { displayName: true } },
          nominatedBy: { select: { displayName: true } },
        },
      },
      _count: { select: { voters: true } },
    },
  });
  if (!election) return null;
  const phase = phaseOf(election, now);
  const officer = canRunElections(viewer);
  const membership = viewer ? await membershipOf(viewer.id) : null;
  const published = phase !== "before-nominations" && phase !== "nominations";
  const voted = viewer ? (await db.voterRecord.count({ where: { electionId: election.id, userId: viewer.id } })) > 0 : false;
  // Only a Forum member who may nominate, while nominations are open, sees who may stand.
  const nominees = phase === "nominations" && membership?.status === "VERIFIED" ? (await eligibleNominees(election)).filter((n) => n.id !== viewer?.id) : [];
  return {
    ...election,
    // Why a nomination was withdrawn is for the returning officer: it may say that a membership ended.
    nominations: election.nominations.map((n) => ({ ...n, withdrawnReason: officer ? n.withdrawnReason : null })),
    salt: published ? election.salt : null,
    phase,
    officer,
    voterCount: election._count.voters,
    eligibleCount: await eligibleVoterCount(election),
    viewer: viewer
      ? {
          id: viewer.id,
          nominees,
          forumMember: membership?.status === "VERIFIED",
          canStand: phase === "nominations" && canStand(membership, election.seat, election),
          canVote: canVote(viewer, membership, election, now) === true && !voted,
          voted,
          member: inConstituency(membership, election),
        }
      : null,
  };
}

function eligibleVoterCount(election: { constituency: ForumCategory[]; residencyRequired: boolean }) {
  return db.forumMembership.count({ where: votersWhere(election) });
}

// ------------------------------------------------------------------ nominations

/** Verified members who may stand for this seat, by name: what a nominator chooses from. */
export async function eligibleNominees(election: {
  constituency: ForumCategory[];
  residencyRequired: boolean;
  seat: { eligibleCategories: ForumCategory[]; residencyRequired: boolean };
}) {
  const categories = election.seat.eligibleCategories.length ? election.seat.eligibleCategories : election.constituency;
  const residency = election.seat.residencyRequired || election.residencyRequired;
  const members = await db.forumMembership.findMany({
    where: { status: "VERIFIED", category: { in: categories }, ...(residency ? { residentVerified: true } : {}) },
    select: { category: true, status: true, residentVerified: true, user: { select: { id: true, displayName: true } } },
  });
  return members
    .filter((m) => canStand(m, election.seat, election))
    .map((m) => ({ id: m.user.id, displayName: m.user.displayName }))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, "en-GB") || a.id.localeCompare(b.id));
}

/** An election's timetable and who may stand: what nominating and accepting a nomination check. */
const standingRules = {
  nominationsOpenAt: true,
  nominationsCloseAt: true,
  votingOpenAt: true,
  votingCloseAt: true,
  declaredAt: true,
  constituency: true,
  residencyRequired: true,
  seat: { select: { eligibleCategories: true, residencyRequired: true } },
} satisfies Prisma.ElectionSelect;

export async function nominate(
  actor: SessionUser,
  slug: string,
  input: { candidateId: string | null; statement: string; idempotencyKey?: string },
  now = new Date(),
): Promise<CommandResult> {
  const submission: Submission = { owner: actor.id, key: input.idempotencyKey, scope: `nomination:${slug}` };
  if (await earlierAnswer(submission)) return ok();
  const election = await db.election.findUnique({
    where: { slug },
    select: {
      id: true,
      ...standingRules,
    },
  });
  if (!election) return fail(404, "form", "This election does not exist");
  const unconfirmed = unconfirmedEmail(actor, "statement");
  if (unconfirmed) return unconfirmed;
  if (phaseOf(election, now) !== "nominations") return fail(409, "statement", "Nominations are not open");
  const nominator = await membershipOf(actor.id);
  if (nominator?.status !== "VERIFIED") return fail(403, "statement", "Only Forum members can make nominations");
  const candidateId = input.candidateId ?? actor.id;
  // Someone else: one refusal whether the id is unknown, not a member or not eligible.
  if (!canStand(await membershipOf(candidateId), election.seat, election)) {
    return candidateId === actor.id ? fail(400, "statement", "You are not eligible to stand for this seat") : fail(400, "candidateId", NOMINEE_REFUSAL);
  }
  const flooded = await checkFloodLimit(actor.id, "nomination", "statement", now);
  if (flooded) return flooded;
  const candidate = { id: candidateId };
  try {
    return await db.$transaction((tx) =>
      answerOnce<CommandResult>(
        tx,
        submission,
        async () => {
          await tx.nomination.create({
            data: {
              electionId: election.id,
              candidateId: candidate.id,
              nominatedById: actor.id,
              statement: input.statement,
              acceptedAt: candidate.id === actor.id ? now : null,
            },
          });
          return ok();
        },
        () => fail(409, "statement", "This form was already used for something else: reload the page and try again"),
      ),
    );
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return fail(409, "statement", "This person has already been nominated");
    throw error;
  }
}

export async function actOnNomination(
  actor: SessionUser,
  slug: string,
  input: { intent: "accept" | "withdraw" | "confirm" | "reject"; nominationId: string },
  now = new Date(),
): Promise<CommandResult> {
  const nomination = await db.nomination.findFirst({
    where: { id: input.nominationId, election: { slug } },
    select: {
      id: true,
      candidateId: true,
      withdrawnAt: true,
      election: {
        select: standingRules,
      },
    },
  });
  if (!nomination) return fail(404, "form", "This nomination does not exist");
  if (phaseOf(nomination.election, now) !== "nominations") return fail(409, "form", "Nominations have closed");
  if (nomination.withdrawnAt) return fail(409, "form", "This nomination has been withdrawn");
  if (input.intent === "accept" || input.intent === "withdraw") {
    if (nomination.candidateId !== actor.id) return fail(403, "form", "Only the person nominated can do this");
    await db.nomination.update({ where: { id: nomination.id }, data: input.intent === "accept" ? { acceptedAt: now } : { withdrawnAt: now } });
  } else {
    if (!canRunElections(actor)) return forbidden();
    if (input.intent === "confirm") {
      // Confirming eligibility checks it now, not as it was when the nomination was made.
      const refusal = standingRefusal(await membershipOf(nomination.candidateId), nomination.election.seat, nomination.election);
      if (refusal) return fail(409, "form", `This candidate cannot stand for this seat (${CANNOT_STAND[refusal]}): rule the nomination out instead`);
    }
    await db.nomination.update({
      where: { id: nomination.id },
      data: input.intent === "confirm" ? { confirmedAt: now, confirmedById: actor.id } : { withdrawnAt: now, confirmedAt: null },
    });
  }
  return ok();
}

export async function changeMethod(actor: SessionUser, slug: string, method: DbCountMethod, now = new Date()): Promise<CommandResult> {
  if (!canRunElections(actor)) return forbidden();
  const { count } = await db.election.updateMany({ where: { slug, votingOpenAt: { gt: now } }, data: { method } });
  return count ? ok() : fail(409, "method", "The counting method cannot change once voting has opened");
}

// ------------------------------------------------------------------ voting

const standing = { acceptedAt: { not: null }, confirmedAt: { not: null }, withdrawnAt: null } satisfies Prisma.NominationWhereInput;
const candidateSelect = { id: true, statement: true, candidateId: true, candidate: { select: { displayName: true } } } satisfies Prisma.NominationSelect;
const byName = <N extends { id: string; candidate: { displayName: string } }>(nominations: N[]) =>
  nominations.sort((a, b) => a.candidate.displayName.localeCompare(b.candidate.displayName, "en-GB") || a.id.localeCompare(b.id));

/** Every standing candidate, for reading and casting ballots (not for showing: see ballotCandidates; counting: countedCandidates). */
export async function standingCandidates(electionId: string) {
  return byName(await db.nomination.findMany({ where: { electionId, ...standing }, select: candidateSelect }));
}

/**
 * The candidates on the voting page, as this viewer may see them (seesNomination): everyone sees
 * the standing candidates and their statements once nominations close, not before.
 */
export async function ballotCandidates(viewer: SessionUser | null, electionId: string, now = new Date()) {
  return byName(
    await db.nomination.findMany({ where: { AND: [{ electionId, ...standing }, seesNomination.where({ actor: viewer, now })] }, select: candidateSelect }),
  );
}

/**
 * Everyone who stood when nominations closed, in ballot order: the standing candidates and those
 * withdrawn since (their membership ended, their account was deleted, or at the count they could
 * no longer stand). The count lists the withdrawn as withdrawn, and passes their votes on.
 */
async function countedCandidates(client: Tx, election: { id: string; nominationsCloseAt: Date }) {
  const nominations = await client.nomination.findMany({
    where: {
      electionId: election.id,
      acceptedAt: { not: null },
      confirmedAt: { not: null },
      OR: [{ withdrawnAt: null }, { withdrawnAt: { gte: election.nominationsCloseAt } }],
    },
    select: { id: true, candidateId: true, withdrawnAt: true, candidate: { select: { displayName: true } } },
  });
  return byName(nominations);
}

/**
 * Reads the voting form into a ranking of the standing candidates, for the voter to check
 * before casting. It writes nothing and shows nothing that is not public, so anyone may ask;
 * casting checks who may vote. Refusals name the mistake, for the ballot as a whole.
 */
export async function readBallot(slug: string, form: BallotForm): Promise<CommandResult<{ ranking: string[] }>> {
  const election = await db.election.findUnique({ where: { slug }, select: { id: true } });
  if (!election) return fail(404, "form", "This election does not exist");
  const read = readRanking(
    form,
    (await standingCandidates(election.id)).map((c) => c.id),
  );
  return read.ok ? ok({ ranking: read.ranking }) : fail(400, "form", read.error);
}

/** Casts the ballot as marked on the form: checked as for review, then cast. */
export async function castMarkedBallot(actor: SessionUser, slug: string, form: BallotForm, publisher: Publisher): Promise<CommandResult<{ receipt: string }>> {
  const checked = await readBallot(slug, form);
  return checked.ok ? castBallot(actor, slug, checked.ranking, publisher) : checked;
}

/**
 * Casts a ballot. Who voted (the voter roll) and what was voted (sealed to the election's
 * public key: ciphertext only) are written in one transaction; the database never holds a
 * readable ranking before the count, so sharing a transaction id links a voter only to
 * ciphertext (ADR 014). The primary key on (election, voter) makes a second ballot
 * impossible, however it arrives.
 */
export async function castBallot(
  actor: SessionUser,
  slug: string,
  ranking: string[],
  publisher: Publisher,
  now = new Date(),
): Promise<CommandResult<{ receipt: string }>> {
  const election = await db.election.findUnique({
    where: { slug },
    select: {
      id: true,
      constituency: true,
      residencyRequired: true,
      nominationsOpenAt: true,
      nominationsCloseAt: true,
      votingOpenAt: true,
      votingCloseAt: true,
      declaredAt: true,
      ballotPublicKey: true,
    },
  });
  if (!election) return fail(404, "form", "This election does not exist");
  const unconfirmed = unconfirmedEmail(actor);
  if (unconfirmed) return unconfirmed;
  const allowed = canVote(actor, await membershipOf(actor.id), election, now);
  if (allowed === "not-eligible") return fail(403, "form", "You are not eligible to vote in this election");
  if (allowed === "not-open") return fail(409, "form", "Voting is not open");
  const candidates = (await standingCandidates(election.id)).map((c) => c.id);
  if (ranking.length === 0 || new Set(ranking).size !== ranking.length || !ranking.every((id) => candidates.includes(id))) {
    return fail(400, "form", "This ballot is not valid: start again");
  }
  const publicKey = election.ballotPublicKey;
  if (!publicKey) return fail(409, "form", "This election has no ballot box key yet: the returning officer must re-run it before anyone can vote");
  const sealed = sealBallot(ranking, publicKey, election.id);
  const receipt = receiptOf(sealed);
  let cast: number;
  try {
    // One statement, so one round trip for the ballot. The election row is read under a
    // share lock with the key the ballot was sealed to: a re-run (new key, emptied box) or the
    // count waits for it, and a ballot never lands in a box whose key has changed or whose poll
    // has closed. The turnout event is recorded in the same transaction (ADR 018).
    cast = await inTransaction(publisher, async (tx, outbox) => {
      const inserted = await tx.$executeRaw`
        WITH box AS (
          SELECT id FROM "Election"
          WHERE id = ${election.id} AND "ballotPublicKey" = ${publicKey} AND "declaredAt" IS NULL AND "votingCloseAt" > ${now}
          FOR SHARE
        ), voter AS (
          INSERT INTO "VoterRecord" ("electionId", "userId") SELECT id, ${actor.id} FROM box RETURNING "electionId"
        )
        INSERT INTO "SealedBallot" ("receipt", "electionId", "sealed") SELECT ${receipt}, "electionId", ${sealed} FROM voter`;
      if (inserted === 0) return 0;
      const voted = await tx.voterRecord.count({ where: { electionId: election.id } });
      await outbox.event(electionRoom(election.id), "election:turnout", { voted });
      return inserted;
    });
  } catch (error) {
    if (isUniqueViolation(error)) return fail(409, "form", "You have already voted in this election. A cast vote cannot be changed.");
    throw error;
  }
  if (cast === 0)
    return fail(
      409,
      "form",
      "Voting closed, or the poll was re-run, while you were voting: your vote was not counted. Go back to the election to see whether you can vote again.",
    );
  return ok({ receipt });
}

// ------------------------------------------------------------------ count and declaration

/**
 * Candidates are named as voters saw them. A repeated display name gets the first number that
 * makes it unique, skipping labels that are someone's own name ("Sam", "Sam" and "Sam (2)"
 * become "Sam (1)", "Sam (3)" and "Sam (2)"), so no two candidates in a count share a name.
 */
export function candidateLabels(names: readonly string[]): string[] {
  const uses = new Map<string, number>();
  for (const name of names) uses.set(name, (uses.get(name) ?? 0) + 1);
  const taken = new Set(names.filter((name) => uses.get(name) === 1));
  const next = new Map<string, number>();
  return names.map((name) => {
    if (uses.get(name) === 1) return name;
    let n = next.get(name) ?? 1;
    while (taken.has(`${name} (${n})`)) n++;
    next.set(name, n + 1);
    taken.add(`${name} (${n})`);
    return `${name} (${n})`;
  });
}

function countInput(
  election: { title: string; places: number },
  candidates: { id: string; withdrawnAt: Date | null; candidate: { displayName: string } }[],
  ballots: string[][],
) {
  const names = candidateLabels(candidates.map((c) => c.candidate.displayName));
  const index = new Map(candidates.map((c, i) => [c.id, i]));
  const withdrawn = candidates.flatMap((c, i) => (c.withdrawnAt ? [i] : []));
  const input: CountInput = {
    title: election.title,
    seats: Math.min(election.places, Math.max(1, candidates.length - withdrawn.length)),
    candidates: names,
    withdrawn,
    // Sorted, so that nothing published follows the order in which ballots were stored.
    ballots: ballots
      .map((ranking) => ({ weight: 1, ranking: ranking.map((id) => index.get(id)!).filter((i) => i !== undefined) }))
      .sort((a, b) => a.ranking.join(",").localeCompare(b.ranking.join(","))),
  };
  return input;
}

const WRONG_PASSPHRASE =
  "This is not the count passphrase for this election. Nothing has been counted: try again, or, if the passphrase is lost, declare the votes void and re-run the poll.";

/**
 * Counts and declares. The returning officer's passphrase unlocks the election's private key
 * (in memory only); every sealed ballot is opened, the ballots are shuffled with a
 * cryptographic random permutation and written readable, in that order, by the same single
 * transaction that records the result, erases the ciphertexts and destroys the wrapped key.
 * So no readable ballot shares a transaction id or a neighbour with anything a voter wrote,
 * and after the declaration no key exists that could open a ballot again.
 */
export async function declare(actor: SessionUser, slug: string, passphrase: string, publisher: Publisher, now = new Date()): Promise<CommandResult> {
  if (!canRunElections(actor)) return forbidden();
  const election = await db.election.findUnique({
    where: { slug },
    select: {
      id: true,
      title: true,
      places: true,
      method: true,
      lotSeed: true,
      nominationsOpenAt: true,
      nominationsCloseAt: true,
      votingOpenAt: true,
      votingCloseAt: true,
      declaredAt: true,
      ballotPublicKey: true,
      countKey: true,
      constituency: true,
      residencyRequired: true,
      seat: { select: { id: true, places: true, termMonths: true, eligibleCategories: true, residencyRequired: true } },
    },
  });
  if (!election) return fail(404, "form", "This election does not exist");
  const phase = phaseOf(election, now);
  if (phase === "declared") return fail(409, "form", "This election has already been declared");
  if (phase !== "closed") return fail(409, "form", "The result can be declared only after voting closes");
  if ((await standingCandidates(election.id)).length === 0) return fail(409, "form", "There are no candidates to elect");
  const publicKey = election.ballotPublicKey;
  // Elections called before ballots were sealed have no key, and no sealed ballots to open.
  let privateKey = election.countKey && publicKey ? await unlockCountKey(passphrase, CountKeySchema.parse(election.countKey), publicKey) : null;
  if (election.countKey && !privateKey) return fail(400, "passphrase", WRONG_PASSPHRASE);
  const today = londonToday(now);
  const startsOn = new Date(`${today}T00:00:00Z`);
  const endsOn = election.seat.termMonths
    ? new Date(Date.UTC(startsOn.getUTCFullYear(), startsOn.getUTCMonth() + election.seat.termMonths, startsOn.getUTCDate()))
    : null;

  const members = await db.forumMembership.findMany({ where: { status: "VERIFIED" }, select: { userId: true } });
  let declared: { outcome: "full" | "already" | "unopened" | "rerun" | "mismatch" | "nobody" } | { outcome: "ok"; result: CountResult };
  try {
    declared = await inTransaction(
      publisher,
      async (tx, outbox) => {
        // Waits for any ballot still being cast (each holds a share lock on this row), and for a
        // re-run another officer may be making: the poll counted is the one whose key was unlocked.
        const [row] = await tx.$queryRaw<{ declaredAt: Date | null; ballotPublicKey: Uint8Array | null; votingCloseAt: Date }[]>`
          SELECT "declaredAt", "ballotPublicKey", "votingCloseAt" FROM "Election" WHERE id = ${election.id} FOR UPDATE`;
        if (row.declaredAt) return { outcome: "already" as const };
        const sameKey =
          (row.ballotPublicKey === null) === (publicKey === null) && (!publicKey || Buffer.from(row.ballotPublicKey!).equals(Buffer.from(publicKey)));
        if (!sameKey || row.votingCloseAt > now) return { outcome: "rerun" as const };
        const box = await tx.sealedBallot.findMany({ where: { electionId: election.id }, select: { receipt: true, sealed: true } });
        const earlier = (await tx.ballot.findMany({ where: { electionId: election.id }, select: { ranking: true } })).map((b) => b.ranking);
        if (election.countKey) {
          // The box must match what voters were given and who voted: every receipt is the hash of
          // its sealed ballot, one ballot per voter, and no readable ballot slipped in. Otherwise
          // someone changed the box in the database, and nothing is counted (ADR 014).
          const voters = await tx.voterRecord.count({ where: { electionId: election.id } });
          const intact = earlier.length === 0 && box.length === voters && box.every((b) => b.sealed !== null && receiptOf(b.sealed) === b.receipt);
          if (!intact) {
            await tx.auditEvent.create({
              data: {
                actorId: actor.id,
                action: "election.box-mismatch",
                subject: `election:${election.id}`,
                details: { ballots: box.length, voters, readable: earlier.length },
              },
            });
            return { outcome: "mismatch" as const };
          }
        }
        const opened = box
          .filter((b) => b.sealed !== null)
          .map((b) => (privateKey && publicKey ? openBallot(b.sealed!, privateKey, publicKey, election.id) : null));
        if (opened.some((ranking) => ranking === null)) return { outcome: "unopened" as const };
        const cast = shuffled(opened as string[][]);
        const candidates = await countedCandidates(tx, election);
        // Eligibility is checked again now (ADR 040): a candidate who can no longer stand is
        // withdrawn, and their votes pass to the next preferences. The memberships are read under
        // a share lock, so one cannot end between this check and the appointment.
        const standing = candidates.filter((c) => !c.withdrawnAt).map((c) => c.candidateId);
        const memberships = standing.length
          ? await tx.$queryRaw<{ userId: string; status: MembershipStatus; category: ForumCategory; residentVerified: boolean }[]>`
              SELECT "userId", status, category, "residentVerified" FROM "ForumMembership" WHERE "userId" IN (${Prisma.join(standing)}) FOR SHARE`
          : [];
        const membershipOfCandidate = new Map(memberships.map((m) => [m.userId, m]));
        const noLongerStanding = candidates.flatMap((c) => {
          const refusal = c.withdrawnAt ? null : standingRefusal(membershipOfCandidate.get(c.candidateId) ?? null, election.seat, election);
          return refusal ? [{ nomination: c, reason: `Could no longer stand at the count: ${CANNOT_STAND[refusal]}` }] : [];
        });
        for (const { nomination } of noLongerStanding) nomination.withdrawnAt = now;
        if (candidates.every((c) => c.withdrawnAt)) return { outcome: "nobody" as const };
        const input = countInput(election, candidates, [...earlier, ...cast]);
        const result: CountResult = countElection(input, COUNT_METHOD[election.method], { seed: election.lotSeed });
        // By position, never by name: the count's names are labels, and only positions are certain.
        const winners = result.electedIndices.map((i) => candidates[i]);

        await tx.$queryRaw`SELECT id FROM "SeatDefinition" WHERE id = ${election.seat.id} FOR UPDATE`;
        const held = await tx.appointment.findMany({
          where: { seatId: election.seat.id, endedOn: null, OR: [{ endsOn: null }, { endsOn: { gte: startsOn } }] },
          select: { id: true, userId: true, endsOn: true },
        });
        // Places given up today (ADR 040): a re-elected holder's old term ends as the new one
        // starts, so nobody holds a seat twice; a term that runs out today ends as those elected
        // today take office, as the term an election starts ends on the day its successor starts.
        const elected = new Set(winners.map((w) => w.candidateId));
        const givingWay = held.flatMap((a) =>
          a.userId && elected.has(a.userId)
            ? [{ id: a.id, endReason: "Re-elected: the new term began the same day" }]
            : a.endsOn?.getTime() === startsOn.getTime()
              ? [{ id: a.id, endReason: "The term ran out as those elected that day took office" }]
              : [],
        );
        if (held.length - givingWay.length + winners.length > election.seat.places) return { outcome: "full" as const };
        // The wrapped key is destroyed with the result: nothing can open a sealed ballot again.
        await tx.election.update({
          where: { id: election.id },
          data: {
            declaredAt: now,
            result: result as unknown as Prisma.InputJsonValue,
            // Who each named candidate is, so that erasing an account renames exactly them (kept off the page).
            resultCandidateIds: candidates.map((c) => c.candidateId),
            countKey: Prisma.DbNull,
          },
        });
        // One statement, in the shuffled order: the physical order says nothing about who voted when.
        await tx.ballot.createMany({ data: cast.map((ranking) => ({ id: crypto.randomUUID(), electionId: election.id, ranking })) });
        // The receipts stay, to be published; the ciphertexts go.
        await tx.sealedBallot.updateMany({ where: { electionId: election.id }, data: { sealed: null } });
        for (const { nomination, reason } of noLongerStanding) {
          await tx.nomination.update({ where: { id: nomination.id }, data: { withdrawnAt: now, withdrawnReason: reason } });
        }
        for (const { id, endReason } of givingWay) {
          await tx.appointment.update({ where: { id }, data: { endedOn: startsOn, endReason } });
          await tx.auditEvent.create({ data: { actorId: actor.id, action: "seat.end", subject: `appointment:${id}`, details: { reason: endReason } } });
        }
        await tx.appointment.createMany({
          data: winners.map((w) => ({
            seatId: election.seat.id,
            userId: w.candidateId,
            holderName: w.candidate.displayName,
            method: "ELECTION" as const,
            startsOn,
            endsOn,
          })),
        });
        await tx.auditEvent.create({
          data: {
            actorId: actor.id,
            action: "election.declare",
            subject: `election:${election.id}`,
            details: {
              elected: result.elected,
              tie: result.tie,
              ballots: input.ballots.length,
              withdrawnAtCount: noLongerStanding.map(({ nomination, reason }) => ({ nominationId: nomination.id, reason })),
            },
          },
        });
        await outbox.event(electionRoom(election.id), "election:declared", {});
        await notify(
          outbox,
          members.map(({ userId }) => ({
            userId,
            kind: "election-result",
            title: `Result declared: ${election.title}`,
            link: `/elections/${slug}/results`,
            emailText: `Elected: ${result.elected.join(", ")}.`,
            namedUserIds: winners.map((w) => w.candidateId),
          })),
        );
        return { outcome: "ok" as const, result };
      },
      { timeout: 120_000 },
    );
  } finally {
    // Drop the only reference to the unwrapped key (JavaScript cannot wipe a KeyObject; ADR 014).
    privateKey = null;
  }
  if (declared.outcome !== "ok") {
    return fail(
      409,
      "form",
      {
        full: "The seat has no vacant places for the winners: end the terms that have finished first",
        already: "This election has already been declared",
        unopened: "Some sealed ballots cannot be opened with this election's key. Nothing has been counted: declare the votes void and re-run the poll.",
        rerun: "The poll was re-run while you were counting. Nothing has been counted: count again once the new poll closes.",
        nobody: "None of the candidates can still stand for this seat, so nobody can be elected. Nothing has been counted.",
        mismatch:
          "The ballot box does not match the receipts given to voters and the voter roll, so it has been changed outside Touchstone. Nothing has been counted; the check is in the audit log.",
      }[declared.outcome],
    );
  }

  return ok();
}

/**
 * The lost-key remedy (ADR 014): without the count passphrase no sealed ballot can ever be
 * opened, so the returning officer declares the votes cast so far void and re-runs the poll
 * with a new key and a new closing time. Every ballot and the voter roll are discarded in
 * one transaction, so everyone may vote again; members are told that voting is open again.
 */
export async function voidAndRerun(
  actor: SessionUser,
  slug: string,
  form: z.output<typeof VoidElectionSchema>,
  publisher: Publisher,
  now = new Date(),
): Promise<CommandResult> {
  if (!canRunElections(actor)) return forbidden();
  const election = await db.election.findUnique({
    where: { slug },
    select: { id: true, nominationsOpenAt: true, nominationsCloseAt: true, votingOpenAt: true, votingCloseAt: true, declaredAt: true },
  });
  if (!election) return fail(404, "form", "This election does not exist");
  const phase = phaseOf(election, now);
  if (phase === "declared") return fail(409, "form", "A declared result cannot be made void here");
  // A poll that has opened re-opens now; one still to come keeps its opening time.
  const votingOpenAt = phase === "voting" || phase === "closed" ? now : election.votingOpenAt;
  const votingCloseAt = londonTime(form.votingClose.date, form.votingClose.time);
  const mustFollow = votingOpenAt > now ? votingOpenAt : now;
  if (votingCloseAt <= mustFollow)
    return fail(400, fieldOutOfOrder("votingClose", form.votingClose, londonToday(mustFollow)), "The re-run poll must close in the future, after it opens");
  const keys = await createElectionKeys(form.countPassphrase);
  const outcome = await inTransaction(publisher, async (tx, outbox) => {
    // Taking the row lock first waits for any ballot being cast under the old key.
    const { count } = await tx.election.updateMany({
      where: { id: election.id, declaredAt: null },
      data: { ballotPublicKey: keys.publicKey, countKey: keys.countKey, votingOpenAt, votingCloseAt, voidedAt: now, votingNotifiedAt: null },
    });
    if (!count) return null;
    const discarded = await tx.sealedBallot.deleteMany({ where: { electionId: election.id } });
    await tx.ballot.deleteMany({ where: { electionId: election.id } });
    const voters = await tx.voterRecord.deleteMany({ where: { electionId: election.id } });
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        action: "election.void",
        subject: `election:${election.id}`,
        details: {
          discardedBallots: discarded.count,
          voters: voters.count,
          votingOpenAt: votingOpenAt.toISOString(),
          votingCloseAt: votingCloseAt.toISOString(),
        },
      },
    });
    await outbox.event(electionRoom(election.id), "election:turnout", { voted: 0 });
    return discarded.count;
  });
  if (outcome === null) return fail(409, "form", "A declared result cannot be made void here");
  return ok();
}

export async function publishedBallots(slug: string) {
  const election = await db.election.findUnique({
    where: { slug },
    select: { id: true, title: true, places: true, declaredAt: true, nominationsCloseAt: true, _count: { select: { voters: true } } },
  });
  if (!election?.declaredAt) return null;
  const receipts = await db.sealedBallot.findMany({ where: { electionId: election.id }, orderBy: { receipt: "asc" }, select: { receipt: true } });
  const ballots = async () => (await db.ballot.findMany({ where: { electionId: election.id }, select: { ranking: true } })).map((b) => b.ranking);
  const blt = election._count.voters >= BLT_MIN_VOTERS ? writeBlt(countInput(election, await countedCandidates(db, election), await ballots())) : null;
  return { receipts: receipts.map((r) => r.receipt), blt, voters: election._count.voters };
}

// ------------------------------------------------------------------ timed work

/**
 * Tells the Forum's members in an election's constituency when nominations open and when
 * voting opens, once each (a conditional update claims each milestone, so every process
 * may run this, and a restart catches up).
 */
export async function runElectionMilestones(publisher: Publisher, now = new Date()) {
  const milestones = [
    { field: "nominationsNotifiedAt", opens: "nominationsOpenAt", closes: "nominationsCloseAt", title: (t: string) => `Nominations are open: ${t}` },
    { field: "votingNotifiedAt", opens: "votingOpenAt", closes: "votingCloseAt", title: (t: string) => `Voting is open: ${t}` },
  ] as const;
  let told = 0;
  for (const milestone of milestones) {
    const due = await db.election.findMany({
      where: { [milestone.field]: null, [milestone.opens]: { lte: now }, [milestone.closes]: { gt: now } },
      select: { id: true, slug: true, title: true, constituency: true },
    });
    for (const election of due) {
      const members = await db.forumMembership.findMany({
        where: { status: "VERIFIED", ...(election.constituency.length ? { category: { in: election.constituency } } : {}) },
        select: { userId: true },
      });
      told += await inTransaction(publisher, async (tx, outbox) => {
        const { count } = await tx.election.updateMany({ where: { id: election.id, [milestone.field]: null }, data: { [milestone.field]: now } });
        if (!count) return 0;
        await notify(
          outbox,
          members.map(({ userId }) => ({
            userId,
            kind: "election-milestone" as const,
            title: milestone.title(election.title),
            link: `/elections/${election.slug}`,
          })),
        );
        return members.length;
      });
    }
  }
  return told;
}

/** An election's turnout (never partial results): its Forum members and officers. */
export const mayJoinElectionRoom: JoinRule = async (viewer, electionId) =>
  canWatchTurnout(viewer) && (await db.election.count({ where: { id: electionId } })) > 0;

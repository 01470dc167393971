import crypto from "node:crypto";
import { Prisma } from "~/generated/prisma/client";
import type { CountMethod as DbCountMethod } from "~/generated/prisma/enums";
import type { SessionUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { londonTime, londonToday } from "~/utils/dates";
import type { Publisher } from "~/utils/realtime";
import { notify } from "../notifications/notifications.server";
import { writeBlt, type Election as CountInput } from "./counting/blt";
import { countElection, type CountMethod, type CountResult } from "./counting/count";
import { ELECTION_EVENTS, electionRoom } from "./elections.events";
import { canRunElections, canStand, canVote, inConstituency, phaseOf } from "./elections.policy";
import type { CreateElectionSchema } from "./elections.schema";
import type { z } from "zod";
import { fail, type Failure } from "~/utils/results";
import { checkFloodLimit } from "~/utils/flood-control.server";

const forbidden = () => fail(403, "form", "Only the returning officer (a Forum officer) can do this");

const COUNT_METHOD: Record<DbCountMethod, CountMethod> = { SCOTTISH_STV: "scottish-stv", ERS97: "ers97", FPTP: "fptp", BLOCK: "block" };
export const BLT_MIN_VOTERS = 20;

/**
 * The lot seed is fixed when the election is called. Until the result is declared only
 * its SHA-256 is shown, so anyone can later check the seed was not chosen after the votes.
 */
export function seedCommitment(seed: string): string {
  return crypto.createHash("sha256").update(seed).digest("hex");
}

export function receiptFor(ballotId: string, ranking: string[], salt: string): string {
  return crypto.createHash("sha256").update(`${ballotId}|${ranking.join(",")}|${salt}`).digest("hex");
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
    select: { id: true, slug: true, title: true, places: true, nominationsOpenAt: true, nominationsCloseAt: true, votingOpenAt: true, votingCloseAt: true, declaredAt: true, seat: { select: { name: true } } },
  });
}

export async function createElection(actor: SessionUser, form: z.output<typeof CreateElectionSchema>): Promise<{ ok: true; slug: string } | Failure> {
  if (!canRunElections(actor)) return forbidden();
  const seat = await db.seatDefinition.findFirst({ where: { id: form.seatId, fillMethod: "ELECTED" }, select: { id: true, places: true } });
  if (!seat) return fail(400, "seatId", "Choose a seat that the Forum elects");
  if (form.places > seat.places) return fail(400, "places", `This seat has only ${seat.places} places`);
  const at = (w: { date: string; time: string }) => londonTime(w.date, w.time);
  const slug = `${form.title.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "").slice(0, 50)}-${crypto.randomBytes(2).toString("hex")}`;
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
      createdById: actor.id,
    },
  });
  return { ok: true, slug };
}

const membershipOf = (userId: string) =>
  db.forumMembership.findUnique({ where: { userId }, select: { status: true, category: true, residentVerified: true } });

export async function getElection(slug: string, viewer: SessionUser | null, now = new Date()) {
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
      result: true,
      seat: { select: { id: true, name: true, termMonths: true, eligibleCategories: true, residencyRequired: true, body: { select: { slug: true, name: true } } } },
      nominations: {
        orderBy: { createdAt: "asc" },
        select: {
          id: true,
          statement: true,
          acceptedAt: true,
          confirmedAt: true,
          withdrawnAt: true,
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
  // Candidates and statements are public once nominations close; before that, officers see
  // every nomination and people see their own.
  const nominations = election.nominations.filter(
    (n) => officer || (published ? isStanding(n) : n.candidateId === viewer?.id || n.nominatedById === viewer?.id),
  );
  const voted = viewer ? (await db.voterRecord.count({ where: { electionId: election.id, userId: viewer.id } })) > 0 : false;
  return {
    ...election,
    salt: published ? election.salt : null,
    phase,
    officer,
    nominations,
    voterCount: election._count.voters,
    eligibleCount: await eligibleVoterCount(election),
    viewer: viewer
      ? { id: viewer.id, forumMember: membership?.status === "VERIFIED", canStand: phase === "nominations" && canStand(membership, election.seat, election), canVote: canVote(membership, election, now) === true && !voted, voted, member: inConstituency(membership, election) }
      : null,
  };
}

const isStanding = (n: { acceptedAt: Date | null; confirmedAt: Date | null; withdrawnAt: Date | null }) => !!n.acceptedAt && !!n.confirmedAt && !n.withdrawnAt;

function eligibleVoterCount(election: { constituency: string[]; residencyRequired: boolean }) {
  return db.forumMembership.count({
    where: { status: "VERIFIED", category: { in: election.constituency as never }, ...(election.residencyRequired ? { residentVerified: true } : {}) },
  });
}

// ------------------------------------------------------------------ nominations

export async function nominate(viewer: SessionUser, slug: string, input: { candidateEmail: string | null; statement: string }, now = new Date()): Promise<{ ok: true } | Failure> {
  const election = await db.election.findUnique({ where: { slug }, select: { id: true, nominationsOpenAt: true, nominationsCloseAt: true, votingOpenAt: true, votingCloseAt: true, declaredAt: true, constituency: true, residencyRequired: true, seat: { select: { eligibleCategories: true, residencyRequired: true } } } });
  if (!election) return fail(404, "form", "This election does not exist");
  if (phaseOf(election, now) !== "nominations") return fail(409, "statement", "Nominations are not open");
  const nominator = await membershipOf(viewer.id);
  if (nominator?.status !== "VERIFIED") return fail(403, "statement", "Only Forum members can make nominations");
  const candidate = input.candidateEmail ? await db.user.findUnique({ where: { email: input.candidateEmail.toLowerCase() }, select: { id: true, displayName: true } }) : { id: viewer.id, displayName: viewer.displayName };
  if (!candidate) return fail(400, "candidateEmail", "There is no Forum member with this email address");
  if (!canStand(await membershipOf(candidate.id), election.seat, election)) {
    return fail(400, input.candidateEmail ? "candidateEmail" : "statement", `${candidate.id === viewer.id ? "You are" : `${candidate.displayName} is`} not eligible to stand for this seat`);
  }
  const flooded = await checkFloodLimit(viewer.id, "nomination", "statement", now);
  if (flooded) return flooded;
  try {
    await db.nomination.create({
      data: { electionId: election.id, candidateId: candidate.id, nominatedById: viewer.id, statement: input.statement, acceptedAt: candidate.id === viewer.id ? now : null },
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return fail(409, "statement", "This person has already been nominated");
    throw error;
  }
  return { ok: true };
}

export async function actOnNomination(viewer: SessionUser, slug: string, input: { intent: "accept" | "withdraw" | "confirm" | "reject"; nominationId: string }, now = new Date()): Promise<{ ok: true } | Failure> {
  const nomination = await db.nomination.findFirst({
    where: { id: input.nominationId, election: { slug } },
    select: { id: true, candidateId: true, withdrawnAt: true, election: { select: { nominationsOpenAt: true, nominationsCloseAt: true, votingOpenAt: true, votingCloseAt: true, declaredAt: true } } },
  });
  if (!nomination) return fail(404, "form", "This nomination does not exist");
  if (phaseOf(nomination.election, now) !== "nominations") return fail(409, "form", "Nominations have closed");
  if (nomination.withdrawnAt) return fail(409, "form", "This nomination has been withdrawn");
  if (input.intent === "accept" || input.intent === "withdraw") {
    if (nomination.candidateId !== viewer.id) return fail(403, "form", "Only the person nominated can do this");
    await db.nomination.update({ where: { id: nomination.id }, data: input.intent === "accept" ? { acceptedAt: now } : { withdrawnAt: now } });
  } else {
    if (!canRunElections(viewer)) return forbidden();
    await db.nomination.update({ where: { id: nomination.id }, data: input.intent === "confirm" ? { confirmedAt: now, confirmedById: viewer.id } : { withdrawnAt: now, confirmedAt: null } });
  }
  return { ok: true };
}

export async function changeMethod(viewer: SessionUser, slug: string, method: DbCountMethod, now = new Date()): Promise<{ ok: true } | Failure> {
  if (!canRunElections(viewer)) return forbidden();
  const { count } = await db.election.updateMany({ where: { slug, votingOpenAt: { gt: now } }, data: { method } });
  return count ? { ok: true } : fail(409, "method", "The counting method cannot change once voting has opened");
}

// ------------------------------------------------------------------ voting

export async function standingCandidates(electionId: string) {
  const nominations = await db.nomination.findMany({
    where: { electionId, acceptedAt: { not: null }, confirmedAt: { not: null }, withdrawnAt: null },
    select: { id: true, statement: true, candidateId: true, candidate: { select: { displayName: true } } },
  });
  return nominations.sort((a, b) => a.candidate.displayName.localeCompare(b.candidate.displayName, "en-GB") || a.id.localeCompare(b.id));
}

/**
 * Casts a ballot. Who voted and what was voted go into separate tables, in one
 * transaction, with nothing that links them: no voter on the ballot, no times, a random id.
 * The primary key on (election, voter) makes a second ballot impossible, however it arrives.
 */
export async function castBallot(viewer: SessionUser, slug: string, ranking: string[], publisher: Publisher, now = new Date()): Promise<{ ok: true; receipt: string } | Failure> {
  const election = await db.election.findUnique({ where: { slug }, select: { id: true, salt: true, constituency: true, residencyRequired: true, nominationsOpenAt: true, nominationsCloseAt: true, votingOpenAt: true, votingCloseAt: true, declaredAt: true } });
  if (!election) return fail(404, "form", "This election does not exist");
  const allowed = canVote(await membershipOf(viewer.id), election, now);
  if (allowed === "not-eligible") return fail(403, "form", "You are not eligible to vote in this election");
  if (allowed === "not-open") return fail(409, "form", "Voting is not open");
  const candidates = (await standingCandidates(election.id)).map((c) => c.id);
  if (ranking.length === 0 || new Set(ranking).size !== ranking.length || !ranking.every((id) => candidates.includes(id))) {
    return fail(400, "form", "This ballot is not valid: start again");
  }
  const ballotId = crypto.randomUUID();
  const receipt = receiptFor(ballotId, ranking, election.salt);
  try {
    await db.$transaction([
      db.voterRecord.create({ data: { electionId: election.id, userId: viewer.id } }),
      db.ballot.create({ data: { id: ballotId, electionId: election.id, ranking, receipt } }),
    ]);
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return fail(409, "form", "You have already voted in this election. A cast vote cannot be changed.");
    throw error;
  }
  const voted = await db.voterRecord.count({ where: { electionId: election.id } });
  await publisher.publish(electionRoom(election.id), ELECTION_EVENTS.turnout, { voted });
  return { ok: true, receipt };
}

// ------------------------------------------------------------------ count and declaration

async function countInput(election: { id: string; title: string; places: number }) {
  const candidates = await standingCandidates(election.id);
  // Candidates are named as voters saw them; a repeated display name gets a number.
  const names = candidates.map((c, i) => (candidates.some((o, j) => j !== i && o.candidate.displayName === c.candidate.displayName) ? `${c.candidate.displayName} (${i + 1})` : c.candidate.displayName));
  const index = new Map(candidates.map((c, i) => [c.id, i]));
  const ballots = await db.ballot.findMany({ where: { electionId: election.id }, select: { ranking: true } });
  const input: CountInput = {
    title: election.title,
    seats: Math.min(election.places, Math.max(1, candidates.length)),
    candidates: names,
    withdrawn: [],
    // Sorted, so that nothing published follows the order in which ballots were cast.
    ballots: ballots
      .map((b) => ({ weight: 1, ranking: b.ranking.map((id) => index.get(id)!).filter((i) => i !== undefined) }))
      .sort((a, b) => a.ranking.join(",").localeCompare(b.ranking.join(","))),
  };
  return { input, candidates };
}

export async function declare(viewer: SessionUser, slug: string, publisher: Publisher, now = new Date()): Promise<{ ok: true } | Failure> {
  if (!canRunElections(viewer)) return forbidden();
  const election = await db.election.findUnique({
    where: { slug },
    select: { id: true, title: true, places: true, method: true, lotSeed: true, nominationsOpenAt: true, nominationsCloseAt: true, votingOpenAt: true, votingCloseAt: true, declaredAt: true, seat: { select: { id: true, places: true, termMonths: true } } },
  });
  if (!election) return fail(404, "form", "This election does not exist");
  const phase = phaseOf(election, now);
  if (phase === "declared") return fail(409, "form", "This election has already been declared");
  if (phase !== "closed") return fail(409, "form", "The result can be declared only after voting closes");
  const { input, candidates } = await countInput(election);
  if (candidates.length === 0) return fail(409, "form", "There are no candidates to elect");
  const result: CountResult = countElection(input, COUNT_METHOD[election.method], { seed: election.lotSeed });
  const winners = result.elected.map((name) => candidates[input.candidates.indexOf(name)]);
  const today = londonToday(now);
  const startsOn = new Date(`${today}T00:00:00Z`);
  const endsOn = election.seat.termMonths ? new Date(Date.UTC(startsOn.getUTCFullYear(), startsOn.getUTCMonth() + election.seat.termMonths, startsOn.getUTCDate())) : null;

  const declared = await db.$transaction(async (tx) => {
    await tx.$queryRaw`SELECT id FROM "SeatDefinition" WHERE id = ${election.seat.id} FOR UPDATE`;
    const held = await tx.appointment.count({ where: { seatId: election.seat.id, endedOn: null, OR: [{ endsOn: null }, { endsOn: { gte: startsOn } }] } });
    if (held + winners.length > election.seat.places) return "full" as const;
    const { count } = await tx.election.updateMany({ where: { id: election.id, declaredAt: null }, data: { declaredAt: now, result: result as unknown as Prisma.InputJsonValue } });
    if (count === 0) return "already" as const;
    await tx.appointment.createMany({
      data: winners.map((w) => ({ seatId: election.seat.id, userId: w.candidateId, holderName: w.candidate.displayName, method: "ELECTION" as const, startsOn, endsOn })),
    });
    await tx.auditEvent.create({ data: { actorId: viewer.id, action: "election.declare", subject: `election:${election.id}`, details: { elected: result.elected, tie: result.tie } } });
    return "ok" as const;
  });
  if (declared === "full") return fail(409, "form", "The seat has no vacant places for the winners: end the terms that have finished first");
  if (declared === "already") return fail(409, "form", "This election has already been declared");

  await publisher.publish(electionRoom(election.id), ELECTION_EVENTS.declared, {});
  const members = await db.forumMembership.findMany({ where: { status: "VERIFIED" }, select: { userId: true } });
  await notify(
    members.map(({ userId }) => ({ userId, kind: "election-result", title: `Result declared: ${election.title}`, link: `/elections/${slug}/results`, emailText: `Elected: ${result.elected.join(", ")}.` })),
    publisher,
  );
  return { ok: true };
}

export async function publishedBallots(slug: string) {
  const election = await db.election.findUnique({ where: { slug }, select: { id: true, title: true, places: true, declaredAt: true, _count: { select: { voters: true } } } });
  if (!election?.declaredAt) return null;
  const receipts = await db.ballot.findMany({ where: { electionId: election.id }, orderBy: { receipt: "asc" }, select: { receipt: true } });
  const blt = election._count.voters >= BLT_MIN_VOTERS ? writeBlt((await countInput(election)).input) : null;
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
      const { count } = await db.election.updateMany({ where: { id: election.id, [milestone.field]: null }, data: { [milestone.field]: now } });
      if (!count) continue;
      const members = await db.forumMembership.findMany({
        where: { status: "VERIFIED", ...(election.constituency.length ? { category: { in: election.constituency } } : {}) },
        select: { userId: true },
      });
      await notify(members.map(({ userId }) => ({ userId, kind: "election-milestone" as const, title: milestone.title(election.title), link: `/elections/${election.slug}` })), publisher);
      told += members.length;
    }
  }
  return told;
}

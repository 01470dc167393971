import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ForumCategory } from "~/generated/prisma/enums";
import { db } from "~/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const DAY = 86_400_000;
const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

async function member(category: ForumCategory = "SERVICE_USER", options: { resident?: boolean; status?: "VERIFIED" | "PENDING" } = {}) {
  const person = await signedInUser({ roles: ["FORUM_MEMBER"] });
  await db.forumMembership.create({ data: { userId: person.user.id, category, postcode: "M6 5JA", residentVerified: options.resident ?? true, status: options.status ?? "VERIFIED" } });
  return person;
}

/** An election on a fresh seat; phase "voting" by default, or set by shifting the timetable. */
async function election(phase: "nominations" | "voting" | "closed" = "voting", places = 1) {
  const slug = `election-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: { slug: `body-${slug}`, name: `Board ${slug}`, kind: "PARTNERSHIP_BOARD", description: "Test", seats: { create: [{ position: 1, name: "Service-user seat", places: 3, voting: true, fillMethod: "ELECTED", eligibleCategories: ["SERVICE_USER"], residencyRequired: true, termMonths: 24 }] } },
    include: { seats: true },
  });
  const now = Date.now();
  const offsets = { nominations: [-1, 1, 2, 3], voting: [-10, -5, -1, 5], closed: [-10, -5, -3, -1] }[phase];
  const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
  const created = await db.election.create({
    data: {
      slug,
      title: `Election ${slug}`,
      seatId: body.seats[0].id,
      places,
      constituency: ["SERVICE_USER"],
      residencyRequired: true,
      nominationsOpenAt: new Date(now + offsets[0] * DAY),
      nominationsCloseAt: new Date(now + offsets[1] * DAY),
      votingOpenAt: new Date(now + offsets[2] * DAY),
      votingCloseAt: new Date(now + offsets[3] * DAY),
      salt: "test-salt",
      lotSeed: "test-seed",
      createdById: officer.user.id,
    },
  });
  const candidates = [];
  for (const name of ["Ash", "Birch", "Cedar"]) {
    const candidate = await member();
    await db.user.update({ where: { id: candidate.user.id }, data: { displayName: `${name} ${slug}` } });
    candidates.push(await db.nomination.create({ data: { electionId: created.id, candidateId: candidate.user.id, nominatedById: candidate.user.id, statement: `${name} will listen.`, acceptedAt: new Date(), confirmedAt: new Date() } }));
  }
  return { election: created, seat: body.seats[0], bodySlug: body.slug, officer, candidates };
}

const vote = (slug: string, cookie: string, fields: Record<string, string | string[]>) => postForm(`${server.url}/elections/${slug}/vote`, fields, cookie);
const cast = (slug: string, cookie: string, ranking: string[]) => vote(slug, cookie, { intent: "cast", ranking });

describe("voting", () => {
  it("takes a ranked ballot through review to a receipt, storing who voted apart from what was voted", async () => {
    const { election: e, candidates } = await election();
    const voter = await member();
    const review = await vote(e.slug, voter.cookie, { intent: "review", [`rank-${candidates[1].id}`]: "1", [`rank-${candidates[0].id}`]: "2", [`rank-${candidates[2].id}`]: "" });
    expect(review.status).toBe(200);
    expect(await text(review)).toContain("Check your vote");
    expect(await db.voterRecord.count({ where: { electionId: e.id } })).toBe(0);

    const response = await cast(e.slug, voter.cookie, [candidates[1].id, candidates[0].id]);
    expect(response.status).toBe(200);
    const receipt = /data-testid="receipt">([0-9a-f ]+)</.exec(await text(response))![1].replaceAll(" ", "");
    const ballot = await db.ballot.findUniqueOrThrow({ where: { receipt } });
    expect(ballot.ranking).toEqual([candidates[1].id, candidates[0].id]);
    expect(receipt).toBe(crypto.createHash("sha256").update(`${ballot.id}|${ballot.ranking.join(",")}|test-salt`).digest("hex"));
    expect(await db.voterRecord.count({ where: { electionId: e.id, userId: voter.user.id } })).toBe(1);
  });

  it("records exactly one ballot when one voter submits 100 times at the same instant", async () => {
    const { election: e, candidates } = await election();
    const voter = await member();
    const responses = await Promise.all(Array.from({ length: 100 }, () => cast(e.slug, voter.cookie, [candidates[0].id])));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(99);
    expect(await db.ballot.count({ where: { electionId: e.id } })).toBe(1);
    expect(await db.voterRecord.count({ where: { electionId: e.id } })).toBe(1);
  });

  it.each([
    ["a duplicate preference", (c: string[]) => ({ [`rank-${c[0]}`]: "1", [`rank-${c[1]}`]: "1" }), "You gave preference 1 to more than one candidate"],
    ["a gap", (c: string[]) => ({ [`rank-${c[0]}`]: "1", [`rank-${c[1]}`]: "3" }), "preference 2 is missing"],
    ["no preference", () => ({}), "Put the number 1 next to the candidate you most want to elect"],
    ["an unknown candidate", () => ({ "rank-someone-else": "1" }), "not a candidate in this election"],
  ])("refuses a ballot with %s, with a clear message", async (_, fields, message) => {
    const { election: e, candidates } = await election();
    const voter = await member();
    const response = await vote(e.slug, voter.cookie, { intent: "cast", ...fields(candidates.map((c) => c.id)) });
    expect(response.status).toBe(400);
    expect(await text(response)).toContain(message);
    expect(await db.ballot.count({ where: { electionId: e.id } })).toBe(0);
  });

  it.each([
    ["someone who is not a Forum member", () => signedInUser()],
    ["a member of another category", () => member("CARER")],
    ["a member whose residency is unchecked", () => member("SERVICE_USER", { resident: false })],
    ["an applicant not yet verified", () => member("SERVICE_USER", { status: "PENDING" })],
  ])("refuses a vote from %s, and writes nothing", async (_, who) => {
    const { election: e, candidates } = await election();
    const person = await who();
    const response = await cast(e.slug, person.cookie, [candidates[0].id]);
    expect(response.status).toBe(403);
    expect(await db.voterRecord.count({ where: { electionId: e.id } })).toBe(0);
  });

  it("refuses votes outside the voting window", async () => {
    for (const phase of ["nominations", "closed"] as const) {
      const { election: e, candidates } = await election(phase);
      const response = await cast(e.slug, (await member()).cookie, [candidates[0].id]);
      expect(response.status).toBe(409);
      expect(await db.ballot.count({ where: { electionId: e.id } })).toBe(0);
    }
  });
});

describe("secrecy of the ballot", () => {
  it("has no column or relation that could link a voter to a ballot", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const columns = async (table: string) => (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name`, [table])).rows.map((r) => r.column_name);
    const references = (await client.query(`SELECT conrelid::regclass::text AS source, confrelid::regclass::text AS target FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ('"Ballot"', '"VoterRecord"')`)).rows;
    const [ballotColumns, voterColumns] = [await columns("Ballot"), await columns("VoterRecord")];
    await client.end();
    expect(ballotColumns).toEqual(["electionId", "id", "ranking", "receipt"]);
    expect(voterColumns).toEqual(["electionId", "userId"]);
    expect(references).toEqual(expect.arrayContaining([{ source: '"Ballot"', target: '"Election"' }]));
    expect(references.filter((r) => r.source === '"Ballot"').map((r) => r.target)).toEqual(['"Election"']);
  });
});

describe("nominations", () => {
  it("are made by choosing from the members who can stand, and every refusal reads the same", async () => {
    const { election: e } = await election("nominations");
    const nominator = await member();
    const eligible = await member();
    await db.user.update({ where: { id: eligible.user.id }, data: { displayName: `Eligible ${e.slug}` } });
    const carer = await member("CARER");
    const outsider = await signedInUser();
    const page = await text(await getPage(`${server.url}/elections/${e.slug}`, nominator.cookie));
    expect(page).toContain(`<option value="${eligible.user.id}">Eligible ${e.slug}</option>`);
    expect(page).not.toContain(carer.user.id); // only those who may stand are offered
    expect(page).not.toContain('type="email"');
    // Unknown, not a member, or a member who may not stand: one message, nothing about who they are.
    const answers = [];
    for (const candidateId of ["no-such-person", outsider.user.id, carer.user.id]) {
      const refused = await postForm(`${server.url}/elections/${e.slug}`, { intent: "nominate", candidateId, statement: "Hello" }, nominator.cookie);
      expect(refused.status).toBe(400);
      const html = await text(refused);
      answers.push(html.includes("Choose a member from the list of members who can stand"));
      expect(html).not.toContain(carer.user.displayName);
      expect(html).not.toContain(outsider.user.displayName);
    }
    expect(answers).toEqual([true, true, true]);
    expect(await db.nomination.count({ where: { electionId: e.id, nominatedById: nominator.user.id } })).toBe(0);
  });

  it("takes a self-nomination, and one for another member that counts only once accepted", async () => {
    const { election: e } = await election("nominations");
    const [self, nominator, nominee] = [await member(), await member(), await member()];
    // The form is offered to Forum members only.
    expect(await text(await getPage(`${server.url}/elections/${e.slug}`, self.cookie))).toContain("Make a nomination");
    expect(await text(await getPage(`${server.url}/elections/${e.slug}`, (await signedInUser()).cookie))).not.toContain("Make a nomination");
    expect((await postForm(`${server.url}/elections/${e.slug}`, { intent: "nominate", candidateId: "", statement: "Me, please." }, self.cookie)).status).toBe(302);
    expect((await postForm(`${server.url}/elections/${e.slug}`, { intent: "nominate", candidateId: nominee.user.id, statement: "They would be good." }, nominator.cookie)).status).toBe(302);
    const theirs = await db.nomination.findFirstOrThrow({ where: { electionId: e.id, candidateId: nominee.user.id } });
    expect(theirs.acceptedAt).toBeNull();
    expect((await postForm(`${server.url}/elections/${e.slug}`, { intent: "accept", nominationId: theirs.id }, nominator.cookie)).status).toBe(403);
    expect((await postForm(`${server.url}/elections/${e.slug}`, { intent: "accept", nominationId: theirs.id }, nominee.cookie)).status).toBe(302);
    expect((await db.nomination.findUniqueOrThrow({ where: { id: theirs.id } })).acceptedAt).not.toBeNull();
  });

  it("refuses an ineligible candidate and an over-long statement", async () => {
    const { election: e } = await election("nominations");
    const nominator = await member();
    const carer = await member("CARER");
    const ineligible = await postForm(`${server.url}/elections/${e.slug}`, { intent: "nominate", candidateId: carer.user.id, statement: "Hello" }, nominator.cookie);
    expect(ineligible.status).toBe(400);
    expect(await text(ineligible)).toContain("Choose a member from the list of members who can stand");
    const long = await postForm(`${server.url}/elections/${e.slug}`, { intent: "nominate", statement: "word ".repeat(501) }, nominator.cookie);
    expect(long.status).toBe(400);
    expect(await text(long)).toContain("Statements are at most 500 words");
    expect(await db.nomination.count({ where: { electionId: e.id, candidate: { email: { in: [carer.email, nominator.email] } } } })).toBe(0);
  });
});

describe("the count and declaration", () => {
  it("is for the returning officer only, after voting closes; the method is fixed once voting opens", async () => {
    const { election: open, officer } = await election("voting");
    const page = await text(await getPage(`${server.url}/elections/${open.slug}`));
    expect(page).not.toContain("test-seed");
    expect(page).toContain(crypto.createHash("sha256").update("test-seed").digest("hex"));
    const refused = await postForm(`${server.url}/elections/${open.slug}`, { intent: "method", method: "ERS97" }, officer.cookie);
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("cannot change once voting has opened");
    expect((await postForm(`${server.url}/elections/${open.slug}`, { intent: "declare" }, officer.cookie)).status).toBe(409);
    const { election: closed } = await election("closed");
    expect((await postForm(`${server.url}/elections/${closed.slug}`, { intent: "declare" }, (await member()).cookie)).status).toBe(403);
    expect((await db.election.findUniqueOrThrow({ where: { id: closed.id } })).declaredAt).toBeNull();
  });

  it("counts, publishes the stages and receipts, and appoints the winners to the seat", async () => {
    const { election: e, candidates, officer, bodySlug, seat } = await election("voting");
    const receipts: string[] = [];
    for (const ranking of [[1, 0], [1, 2], [0], [1], [2, 1]]) {
      const response = await cast(e.slug, (await member()).cookie, ranking.map((i) => candidates[i].id));
      receipts.push(/data-testid="receipt">([0-9a-f ]+)</.exec(await text(response))![1].replaceAll(" ", ""));
    }
    await db.election.update({ where: { id: e.id }, data: { votingCloseAt: new Date(Date.now() - 1000) } });
    expect((await postForm(`${server.url}/elections/${e.slug}`, { intent: "declare" }, officer.cookie)).status).toBe(302);
    const results = await text(await getPage(`${server.url}/elections/${e.slug}/results`));
    const winner = (await db.user.findUniqueOrThrow({ where: { id: candidates[1].candidateId } })).displayName;
    expect(results).toContain(winner);
    expect(results).toContain("Stage 1");
    for (const receipt of receipts) expect(results).toContain(receipt.match(/.{1,8}/g)!.join(" "));
    const appointment = await db.appointment.findFirstOrThrow({ where: { seatId: seat.id } });
    expect(appointment).toMatchObject({ userId: candidates[1].candidateId, method: "ELECTION" });
    expect(await text(await getPage(`${server.url}/bodies/${bodySlug}`))).toContain(winner);
    // Fewer than 20 voters: the ballots themselves stay unpublished.
    expect((await getPage(`${server.url}/elections/${e.slug}/ballots.blt`)).status).toBe(404);
    // The seed, hidden until now, matches the commitment published while voting was open.
    expect(results).toContain("Seed for any draw by lot: <code>test-seed</code>");
    expect((await postForm(`${server.url}/elections/${e.slug}`, { intent: "declare" }, officer.cookie)).status).toBe(409);
  });
});

describe("calling an election", () => {
  const form = (seatId: string, fields: Record<string, string | string[]> = {}) => ({
    title: "By-election for a carer representative",
    seatId,
    places: "1",
    constituency: ["CARER"],
    residencyRequired: "on",
    method: "SCOTTISH_STV",
    nominationsOpenDate: "2027-01-04",
    nominationsOpenTime: "09:00",
    nominationsCloseDate: "2027-01-18",
    nominationsCloseTime: "17:00",
    votingOpenDate: "2027-01-20",
    votingOpenTime: "09:00",
    votingCloseDate: "2027-02-03",
    votingCloseTime: "17:00",
    ...fields,
  });

  it("is for Forum officers, on seats the Forum elects, with a timetable in order", async () => {
    const { seat } = await election("nominations");
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const count = () => db.election.count({ where: { title: "By-election for a carer representative", seatId: seat.id } });
    expect((await postForm(`${server.url}/elections/new`, form(seat.id), (await member()).cookie)).status).toBe(403);

    const backwards = await postForm(`${server.url}/elections/new`, form(seat.id, { votingOpenDate: "2027-01-10" }), officer.cookie);
    expect(backwards.status).toBe(400);
    expect(await text(backwards)).toContain("Voting must open after nominations close");
    const tooMany = await postForm(`${server.url}/elections/new`, form(seat.id, { places: "4" }), officer.cookie);
    expect(tooMany.status).toBe(400);
    expect(await text(tooMany)).toContain("This seat has only 3 places");
    const nobody = await postForm(`${server.url}/elections/new`, form(seat.id, { constituency: [] }), officer.cookie);
    expect(await text(nobody)).toContain("Choose who may vote");
    expect(await count()).toBe(0);

    const created = await postForm(`${server.url}/elections/new`, form(seat.id), officer.cookie);
    expect(created.status).toBe(302);
    const saved = await db.election.findFirstOrThrow({ where: { seatId: seat.id, title: "By-election for a carer representative" } });
    expect(saved).toMatchObject({ places: 1, constituency: ["CARER"], residencyRequired: true, method: "SCOTTISH_STV" });
    // The seed for any draw and the receipts' salt are fixed now, before anyone votes.
    expect(saved.lotSeed).toMatch(/^[0-9a-f]{32}$/);
    expect(saved.votingOpenAt.toISOString()).toBe("2027-01-20T09:00:00.000Z");
  });
});

import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Prisma } from "#app/generated/prisma/client";
import type { ForumCategory } from "#app/generated/prisma/enums";
import { londonToday } from "#app/utils/dates";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { electionForm } from "../../../test/helpers/elections";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";
import { createElectionKeys, sealBallot, type ElectionKeys } from "./ballot-box.server";

const PASSPHRASE = "correct horse battery staple";
let server: TestServer;
// One key pair for every test election: argon2id is deliberately slow.
let keys: ElectionKeys;
beforeAll(async () => {
  [server, keys] = await Promise.all([startTestServer(), createElectionKeys(PASSPHRASE)]);
});
afterAll(() => server.close());

const DAY = 86_400_000;
const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

async function member(category: ForumCategory = "SERVICE_USER", options: { resident?: boolean; status?: "VERIFIED" | "PENDING" } = {}) {
  const person = await signedInUser({ roles: ["FORUM_MEMBER"] });
  await db.forumMembership.create({
    data: { userId: person.user.id, category, postcode: "M6 5JA", residentVerified: options.resident ?? true, status: options.status ?? "VERIFIED" },
  });
  return person;
}

/** An election on a fresh seat; phase "voting" by default, or set by shifting the timetable. */
async function election(phase: "nominations" | "voting" | "closed" = "voting", places = 1) {
  const slug = `election-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: {
      slug: `body-${slug}`,
      name: `Board ${slug}`,
      kind: "PARTNERSHIP_BOARD",
      description: "Test",
      seats: {
        create: [
          {
            position: 1,
            name: "Service-user seat",
            places: 3,
            voting: true,
            fillMethod: "ELECTED",
            eligibleCategories: ["SERVICE_USER"],
            residencyRequired: true,
            termMonths: 24,
          },
        ],
      },
    },
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
      ballotPublicKey: keys.publicKey,
      countKey: keys.countKey,
      createdById: officer.user.id,
    },
  });
  const candidates = [];
  for (const name of ["Ash", "Birch", "Cedar"]) {
    const candidate = await member();
    await db.user.update({ where: { id: candidate.user.id }, data: { displayName: `${name} ${slug}` } });
    candidates.push(
      await db.nomination.create({
        data: {
          electionId: created.id,
          candidateId: candidate.user.id,
          nominatedById: candidate.user.id,
          statement: `${name} will listen.`,
          acceptedAt: new Date(),
          confirmedAt: new Date(),
        },
      }),
    );
  }
  return { election: created, seat: body.seats[0], bodySlug: body.slug, officer, candidates };
}

const vote = (slug: string, cookie: string, fields: Record<string, string | string[]>) => postForm(`${server.url}/elections/${slug}/vote`, fields, cookie);
const cast = (slug: string, cookie: string, ranking: string[]) => vote(slug, cookie, { intent: "cast", ranking });

describe("voting", () => {
  it("takes a ranked ballot through review to a receipt, storing who voted apart from what was voted", async () => {
    const { election: e, candidates } = await election();
    const voter = await member();
    const review = await vote(e.slug, voter.cookie, {
      intent: "review",
      [`rank-${candidates[1].id}`]: "1",
      [`rank-${candidates[0].id}`]: "2",
      [`rank-${candidates[2].id}`]: "",
    });
    expect(review.status).toBe(200);
    const reviewPage = await text(review);
    expect(reviewPage).toContain("Check your vote");
    // Posted without JavaScript, each step has its own title: nothing in the page's script sets it.
    expect(reviewPage).toContain(`<title>Check your vote: ${e.title} - Touchstone</title>`);
    expect(await db.voterRecord.count({ where: { electionId: e.id } })).toBe(0);

    const response = await cast(e.slug, voter.cookie, [candidates[1].id, candidates[0].id]);
    expect(response.status).toBe(200);
    const castPage = await text(response);
    expect(castPage).toContain(`<title>Your vote has been cast: ${e.title} - Touchstone</title>`);
    const receipt = /data-testid="receipt">([0-9a-f ]+)</.exec(castPage)![1].replaceAll(" ", "");
    // What is stored is the sealed ballot, and the receipt is its SHA-256; nothing is readable.
    const sealed = (await db.sealedBallot.findUniqueOrThrow({ where: { receipt } })).sealed!;
    expect(receipt).toBe(crypto.createHash("sha256").update(sealed).digest("hex"));
    expect(Buffer.from(sealed).toString("latin1")).not.toContain(candidates[1].id);
    expect(await db.ballot.count({ where: { electionId: e.id } })).toBe(0);
    expect(await db.voterRecord.count({ where: { electionId: e.id, userId: voter.user.id } })).toBe(1);
  });

  it("records exactly one ballot when one voter submits 100 times at the same instant", async () => {
    const { election: e, candidates } = await election();
    const voter = await member();
    const responses = await Promise.all(Array.from({ length: 100 }, () => cast(e.slug, voter.cookie, [candidates[0].id])));
    expect(responses.filter((r) => r.status === 200)).toHaveLength(1);
    expect(responses.filter((r) => r.status === 409)).toHaveLength(99);
    expect(await db.sealedBallot.count({ where: { electionId: e.id } })).toBe(1);
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
    expect(await db.sealedBallot.count({ where: { electionId: e.id } })).toBe(0);
  });

  it.each([
    ["someone who is not a Forum member", () => signedInUser()],
    ["a member of another category", () => member("CARER")],
    ["a member whose residency is unchecked", () => member("SERVICE_USER", { resident: false })],
    ["an applicant not yet verified", () => member("SERVICE_USER", { status: "PENDING" })],
    [
      "a verified member whose Forum member role an administrator took away",
      async () => {
        const suspended = await member();
        await db.userRole.deleteMany({ where: { userId: suspended.user.id, role: "FORUM_MEMBER" } });
        return suspended;
      },
    ],
  ])("refuses a vote from %s, and writes nothing", async (_, who) => {
    const { election: e, candidates } = await election();
    const person = await who();
    // The election page offers no vote, and a vote sent anyway is refused.
    expect(await text(await getPage(`${server.url}/elections/${e.slug}`, person.cookie))).not.toContain(`href="/elections/${e.slug}/vote"`);
    // Marks sent to be checked are not shown back, and the page's title does not offer the check either.
    const review = await text(await vote(e.slug, person.cookie, { intent: "review", [`rank-${candidates[0].id}`]: "1" }));
    expect(review).not.toContain("Check your vote");
    expect(review).toContain(`<title>Vote: ${e.title} - Touchstone</title>`);
    const response = await cast(e.slug, person.cookie, [candidates[0].id]);
    expect(response.status).toBe(403);
    expect(await text(response)).toContain("You are not eligible to vote in this election");
    expect(await db.voterRecord.count({ where: { electionId: e.id } })).toBe(0);
  });

  it("refuses votes outside the voting window", async () => {
    for (const phase of ["nominations", "closed"] as const) {
      const { election: e, candidates } = await election(phase);
      const response = await cast(e.slug, (await member()).cookie, [candidates[0].id]);
      expect(response.status).toBe(409);
      expect(await db.sealedBallot.count({ where: { electionId: e.id } })).toBe(0);
    }
  });
});

/** A connection as the database's owner: what an administrator or anyone with a backup sees. */
async function asDatabaseOwner<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

const receiptIn = async (response: Response) => /data-testid="receipt">([0-9a-f ]+)</.exec(await text(response))![1].replaceAll(" ", "");
const closePoll = (electionId: string) => db.election.update({ where: { id: electionId }, data: { votingCloseAt: new Date(Date.now() - 1000) } });
const declareWith = (slug: string, cookie: string, passphrase: string) =>
  postForm(`${server.url}/elections/${slug}`, { intent: "declare", passphrase }, cookie);

// Eight different rankings of three candidates, each naming at least two of them.
const RANKINGS = [
  [0, 1],
  [0, 2],
  [1, 0],
  [1, 2],
  [2, 0],
  [2, 1],
  [0, 1, 2],
  [2, 1, 0],
];

describe("secrecy of the ballot", () => {
  it("has no column or relation that could link a voter to a ballot", async () => {
    const { columns, references } = await asDatabaseOwner(async (client) => {
      const columns = async (table: string) =>
        (await client.query(`SELECT column_name FROM information_schema.columns WHERE table_name = $1 ORDER BY column_name`, [table])).rows.map(
          (r) => r.column_name,
        );
      const references = (
        await client.query(
          `SELECT conrelid::regclass::text AS source, confrelid::regclass::text AS target FROM pg_constraint WHERE contype = 'f' AND conrelid::regclass::text IN ('"Ballot"', '"SealedBallot"', '"VoterRecord"')`,
        )
      ).rows;
      return { columns: { ballot: await columns("Ballot"), sealed: await columns("SealedBallot"), voter: await columns("VoterRecord") }, references };
    });
    expect(columns).toEqual({ ballot: ["electionId", "id", "ranking"], sealed: ["electionId", "receipt", "sealed"], voter: ["electionId", "userId"] });
    expect(references.filter((r) => r.source !== '"VoterRecord"').map((r) => r.target)).toEqual(['"Election"', '"Election"']);
  });

  it("keeps every ranking unreadable until the count, then stores the ballots apart from every voter-roll row", async () => {
    const { election: e, candidates, officer } = await election("voting");
    const ids = candidates.map((c) => c.id);
    const receipts: string[] = [];
    for (const ranking of RANKINGS) {
      const voter = await member();
      // Through the real form: review, then cast.
      const marks = Object.fromEntries(ranking.map((candidate, i) => [`rank-${ids[candidate]}`, String(i + 1)]));
      expect((await vote(e.slug, voter.cookie, { intent: "review", ...marks })).status).toBe(200);
      const response = await cast(
        e.slug,
        voter.cookie,
        ranking.map((i) => ids[i]),
      );
      expect(response.status).toBe(200);
      receipts.push(await receiptIn(response));
    }

    // Before the count, no row of any table holds two candidates of this election: no
    // ranking exists anywhere in readable form (nor in the event store, audit log or outbox).
    const rowsNamingTwoCandidates = () =>
      asDatabaseOwner(async (client) => {
        const tables = (await client.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).rows.map((r) => r.tablename as string);
        const found: string[] = [];
        for (const table of tables) {
          for (const [a, b] of [
            [0, 1],
            [0, 2],
            [1, 2],
          ]) {
            const { rows } = await client.query(`SELECT count(*)::int AS n FROM "${table}" t WHERE t::text LIKE $1 AND t::text LIKE $2`, [
              `%${ids[a]}%`,
              `%${ids[b]}%`,
            ]);
            if (rows[0].n > 0) found.push(table);
          }
        }
        return [...new Set(found)];
      });
    expect(await rowsNamingTwoCandidates()).toEqual([]);
    const beforeCount = await asDatabaseOwner(
      async (client) =>
        (await client.query(`SELECT count(*)::int AS n FROM "VoterRecord" v JOIN "SealedBallot" b ON b.xmin = v.xmin WHERE v."electionId" = $1`, [e.id]))
          .rows[0].n,
    );
    // The voter roll and the sealed box are still written together: the link leads only to ciphertext.
    expect(beforeCount).toBe(RANKINGS.length);

    await closePoll(e.id);
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(302);

    const after = await asDatabaseOwner(async (client) => ({
      ballots: (await client.query(`SELECT xmin::text AS xmin, ranking FROM "Ballot" WHERE "electionId" = $1 ORDER BY ctid`, [e.id])).rows as {
        xmin: string;
        ranking: string[];
      }[],
      voterXmins: (await client.query(`SELECT xmin::text AS xmin FROM "VoterRecord" WHERE "electionId" = $1`, [e.id])).rows.map((r) => r.xmin as string),
      linked: (await client.query(`SELECT count(*)::int AS n FROM "VoterRecord" v JOIN "Ballot" b ON b.xmin = v.xmin`)).rows[0].n as number,
      ciphertexts: (await client.query(`SELECT count(*)::int AS n FROM "SealedBallot" WHERE "electionId" = $1 AND sealed IS NOT NULL`, [e.id])).rows[0]
        .n as number,
      countKey: (await client.query(`SELECT "countKey" FROM "Election" WHERE id = $1`, [e.id])).rows[0].countKey,
    }));
    // The scan finds rankings where they exist: now in the counted ballots, and only there.
    expect(await rowsNamingTwoCandidates()).toEqual(["Ballot"]);
    const cast_ = RANKINGS.map((ranking) => ranking.map((i) => ids[i]));
    // Every ballot is there, readable now, all written by the count's one transaction...
    expect([...after.ballots.map((b) => b.ranking)].sort()).toEqual([...cast_].sort());
    expect(new Set(after.ballots.map((b) => b.xmin)).size).toBe(1);
    // ...which no voter-roll row shares,
    expect(after.voterXmins).toHaveLength(RANKINGS.length);
    expect(after.voterXmins).not.toContain(after.ballots[0].xmin);
    expect(after.linked).toBe(0);
    // in a shuffled physical order, not the order of voting (the chance that a uniform
    // shuffle of eight different ballots leaves them in order is 1 in 40,320),
    expect(after.ballots.map((b) => b.ranking)).not.toEqual(cast_);
    // and with the ciphertexts and the wrapped key gone, nothing can ever open a sealed ballot again.
    expect(after.ciphertexts).toBe(0);
    expect(after.countKey).toBeNull();
    const published = await text(await getPage(`${server.url}/elections/${e.slug}/results`));
    for (const receipt of receipts) expect(published).toContain(receipt.match(/.{1,8}/g)!.join(" "));
  });
});

describe("nominations", () => {
  it("are shown on the voting page only once they close, as on the election page", async () => {
    const { election: open, officer, candidates } = await election("nominations");
    const [ash] = candidates;
    const nominated = await db.user.findUniqueOrThrow({ where: { id: ash.candidateId }, select: { displayName: true } });
    const votePage = `${server.url}/elections/${open.slug}/vote`;
    for (const viewer of [await signedInUser(), await member()]) {
      for (const url of [votePage, `${votePage}?_data=${encodeURIComponent("routes/elections+/$slug_.vote")}`]) {
        const page = await text(await getPage(url, viewer.cookie));
        expect(page).not.toContain(nominated.displayName);
        expect(page).not.toContain(ash.statement);
      }
      expect(await text(await getPage(`${server.url}/elections/${open.slug}`, viewer.cookie))).not.toContain(ash.statement);
    }
    // The returning officer sees every nomination all along.
    expect(await text(await getPage(votePage, officer.cookie))).toContain(ash.statement);
    // Once nominations close, everyone signed in sees the standing candidates.
    await db.election.update({
      where: { id: open.id },
      data: { nominationsOpenAt: new Date(Date.now() - 2 * DAY), nominationsCloseAt: new Date(Date.now() - DAY) },
    });
    expect(await text(await getPage(votePage, (await signedInUser()).cookie))).toContain(ash.statement);
  });

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
    expect((await postForm(`${server.url}/elections/${e.slug}`, { intent: "nominate", candidateId: "", statement: "Me, please." }, self.cookie)).status).toBe(
      302,
    );
    expect(
      (
        await postForm(
          `${server.url}/elections/${e.slug}`,
          { intent: "nominate", candidateId: nominee.user.id, statement: "They would be good." },
          nominator.cookie,
        )
      ).status,
    ).toBe(302);
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
    const ineligible = await postForm(
      `${server.url}/elections/${e.slug}`,
      { intent: "nominate", candidateId: carer.user.id, statement: "Hello" },
      nominator.cookie,
    );
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
    expect((await declareWith(open.slug, officer.cookie, PASSPHRASE)).status).toBe(409);
    const { election: closed } = await election("closed");
    // Knowing the passphrase is not enough: only the returning officer may count.
    expect((await declareWith(closed.slug, (await member()).cookie, PASSPHRASE)).status).toBe(403);
    expect((await db.election.findUniqueOrThrow({ where: { id: closed.id } })).declaredAt).toBeNull();
  });

  it("counts, publishes the stages and receipts, and appoints the winners to the seat", async () => {
    const { election: e, candidates, officer, bodySlug, seat } = await election("voting");
    const receipts: string[] = [];
    for (const ranking of [[1, 0], [1, 2], [0], [1], [2, 1]]) {
      const response = await cast(
        e.slug,
        (await member()).cookie,
        ranking.map((i) => candidates[i].id),
      );
      receipts.push(/data-testid="receipt">([0-9a-f ]+)</.exec(await text(response))![1].replaceAll(" ", ""));
    }
    await closePoll(e.id);
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(302);
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
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(409);
  });

  it("appoints the candidate the voters elected when display names clash, even with one whose own name is 'Sam (2)'", async () => {
    const { election: e, candidates, officer, seat } = await election("voting");
    // Two people called Sam, and a third whose own name is "Sam (2)": the label a second Sam would get.
    for (const [i, name] of ["Sam", "Sam", "Sam (2)"].entries())
      await db.user.update({ where: { id: candidates[i].candidateId }, data: { displayName: name } });
    for (const ranking of [[2], [2, 0], [2, 1], [0], [1]])
      expect(
        (
          await cast(
            e.slug,
            (await member()).cookie,
            ranking.map((i) => candidates[i].id),
          )
        ).status,
      ).toBe(200);
    await closePoll(e.id);
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(302);

    const appointed = await db.appointment.findMany({ where: { seatId: seat.id }, select: { userId: true, holderName: true } });
    expect(appointed).toEqual([{ userId: candidates[2].candidateId, holderName: "Sam (2)" }]);
    // The result names every candidate apart, and marks only the one elected.
    const results = await text(await getPage(`${server.url}/elections/${e.slug}/results`));
    for (const label of ["Sam (1)", "Sam (2)", "Sam (3)"]) expect(results).toContain(`>${label}`);
    expect(results.match(/\(elected\)/g)).toHaveLength(1);
    expect(results).toContain("Sam (2) (elected)");
  });

  it("re-elects a sitting holder into a new term on the seat, never into a second place on it", async () => {
    const { election: e, candidates, officer, seat, bodySlug } = await election("voting");
    const birch = await db.user.findUniqueOrThrow({ where: { id: candidates[1].candidateId } });
    const earlier = await db.appointment.create({
      data: {
        seatId: seat.id,
        userId: birch.id,
        holderName: birch.displayName,
        method: "ELECTION",
        startsOn: new Date(Date.now() - 700 * DAY),
        endsOn: new Date(Date.now() + 30 * DAY),
      },
    });
    for (const ranking of [[1], [1, 0], [2, 1]])
      expect(
        (
          await cast(
            e.slug,
            (await member()).cookie,
            ranking.map((i) => candidates[i].id),
          )
        ).status,
      ).toBe(200);
    await closePoll(e.id);
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(302);

    const today = new Date(`${londonToday()}T00:00:00Z`);
    const current = await db.appointment.findMany({ where: { seatId: seat.id, userId: birch.id, endedOn: null } });
    expect(current).toHaveLength(1);
    expect(current[0]).toMatchObject({ method: "ELECTION", startsOn: today });
    expect(await db.appointment.findUniqueOrThrow({ where: { id: earlier.id } })).toMatchObject({
      endedOn: today,
      endReason: "Re-elected: the new term began the same day",
    });
    // The Board's page lists them once, with two places still vacant.
    const board = await text(await getPage(`${server.url}/bodies/${bodySlug}`));
    expect(board.split(`<li>${birch.displayName}<`)).toHaveLength(2);
    expect(board.match(/>Vacant</g)).toHaveLength(2);
  });

  it("declares on the day a holder's term runs out, their place going to the winner, though the seat was full", async () => {
    const { election: e, candidates, officer, seat, bodySlug } = await election("voting");
    const today = new Date(`${londonToday()}T00:00:00Z`);
    const [leaving] = await Promise.all(
      [today, new Date(Date.now() + 365 * DAY), null].map((endsOn, i) =>
        db.appointment.create({
          data: { seatId: seat.id, holderName: `Holder ${i + 1} ${e.slug}`, method: "ELECTION", startsOn: new Date(Date.now() - 700 * DAY), endsOn },
        }),
      ),
    );
    for (const ranking of [[0], [0, 1], [2]])
      expect(
        (
          await cast(
            e.slug,
            (await member()).cookie,
            ranking.map((i) => candidates[i].id),
          )
        ).status,
      ).toBe(200);
    await closePoll(e.id);
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(302);

    const ash = await db.user.findUniqueOrThrow({ where: { id: candidates[0].candidateId } });
    const board = await text(await getPage(`${server.url}/bodies/${bodySlug}`));
    for (const holder of [ash.displayName, `Holder 2 ${e.slug}`, `Holder 3 ${e.slug}`]) expect(board).toContain(holder);
    expect(board).not.toContain(`Holder 1 ${e.slug}`);
    expect(await db.appointment.findUniqueOrThrow({ where: { id: leaving.id } })).toMatchObject({ endedOn: today });
    expect(await db.appointment.count({ where: { seatId: seat.id, endedOn: null, OR: [{ endsOn: null }, { endsOn: { gt: today } }] } })).toBe(3);
  });

  it("refuses a wrong or missing count passphrase with a clear message, and changes nothing", async () => {
    const { election: e, candidates, officer } = await election("voting");
    for (const ranking of [[0, 1], [1, 2], [2]])
      expect(
        (
          await cast(
            e.slug,
            (await member()).cookie,
            ranking.map((i) => candidates[i].id),
          )
        ).status,
      ).toBe(200);
    await closePoll(e.id);
    const snapshot = () =>
      asDatabaseOwner(async (client) => ({
        election: (await client.query(`SELECT "declaredAt", result, "countKey" FROM "Election" WHERE id = $1`, [e.id])).rows[0],
        sealed: (await client.query(`SELECT receipt, encode(sealed, 'hex') AS sealed FROM "SealedBallot" WHERE "electionId" = $1 ORDER BY receipt`, [e.id]))
          .rows,
        ballots: (await client.query(`SELECT count(*)::int AS n FROM "Ballot" WHERE "electionId" = $1`, [e.id])).rows[0].n,
        appointments: (await client.query(`SELECT count(*)::int AS n FROM "Appointment" WHERE "seatId" = $1`, [e.seatId])).rows[0].n,
      }));
    const before = await snapshot();

    const wrong = await declareWith(e.slug, officer.cookie, "correct horse battery stable");
    expect(wrong.status).toBe(400);
    const page = await text(wrong);
    expect(page).toContain("This is not the count passphrase for this election. Nothing has been counted");
    expect(page).not.toContain("correct horse battery");
    const empty = await declareWith(e.slug, officer.cookie, "");
    expect(empty.status).toBe(400);
    expect(await text(empty)).toContain("Enter the count passphrase");
    expect(await snapshot()).toEqual(before);
    expect(before.sealed.every((b: { sealed: string | null }) => b.sealed)).toBe(true);

    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(302);
    expect((await db.election.findUniqueOrThrow({ where: { id: e.id } })).declaredAt).not.toBeNull();
  });

  it("refuses to count a box changed in the database (a ballot swapped for one sealed to the public key, receipts kept), and records why", async () => {
    const { election: e, candidates, officer } = await election("voting");
    for (const ranking of [
      [0, 1],
      [1, 2],
    ])
      expect(
        (
          await cast(
            e.slug,
            (await member()).cookie,
            ranking.map((i) => candidates[i].id),
          )
        ).status,
      ).toBe(200);
    await closePoll(e.id);
    // Anyone can seal a ballot to the public key; a writer to the database swaps it in for a voter's.
    const forged = sealBallot([candidates[2].id], keys.publicKey, e.id);
    await asDatabaseOwner((client) =>
      client.query(`UPDATE "SealedBallot" SET sealed = $1 WHERE receipt = (SELECT min(receipt) FROM "SealedBallot" WHERE "electionId" = $2)`, [
        Buffer.from(forged),
        e.id,
      ]),
    );
    const refused = await declareWith(e.slug, officer.cookie, PASSPHRASE);
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("The ballot box does not match the receipts given to voters");
    expect((await db.election.findUniqueOrThrow({ where: { id: e.id } })).declaredAt).toBeNull();
    expect(await db.ballot.count({ where: { electionId: e.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { action: "election.box-mismatch", subject: `election:${e.id}` } })).toBe(1);

    // A ballot added without a voter, or a voter's ballot removed, is refused the same way.
    await asDatabaseOwner((client) =>
      client.query(`DELETE FROM "SealedBallot" WHERE receipt = (SELECT min(receipt) FROM "SealedBallot" WHERE "electionId" = $1)`, [e.id]),
    );
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(409);
  });

  it("refuses votes in an election called before ballots were sealed, until the returning officer re-runs it with a key", async () => {
    const { election: e, candidates, officer } = await election("voting");
    await db.election.update({ where: { id: e.id }, data: { ballotPublicKey: null, countKey: Prisma.DbNull } });
    const voter = await member();
    const refused = await cast(e.slug, voter.cookie, [candidates[0].id]);
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("This election has no ballot box key yet");
    expect(await db.voterRecord.count({ where: { electionId: e.id } })).toBe(0);
    const rerun = await postForm(
      `${server.url}/elections/${e.slug}`,
      {
        intent: "void",
        confirm: "yes",
        votingCloseDate: "2099-01-31",
        votingCloseTime: "17:00",
        countPassphrase: "a passphrase at last",
        countPassphraseConfirm: "a passphrase at last",
      },
      officer.cookie,
    );
    expect(rerun.status).toBe(302);
    expect((await cast(e.slug, voter.cookie, [candidates[0].id])).status).toBe(200);
  });

  it("declares the votes void and re-runs the poll when the passphrase is lost, for the returning officer only", async () => {
    const { election: e, candidates, officer } = await election("voting");
    const [first, second] = [await member(), await member()];
    for (const voter of [first, second]) expect((await cast(e.slug, voter.cookie, [candidates[0].id, candidates[1].id])).status).toBe(200);
    await closePoll(e.id);
    const rerun = (cookie: string, fields: Record<string, string> = {}) =>
      postForm(
        `${server.url}/elections/${e.slug}`,
        {
          intent: "void",
          confirm: "yes",
          votingCloseDate: "2099-01-31",
          votingCloseTime: "17:00",
          countPassphrase: "a new passphrase for the re-run",
          countPassphraseConfirm: "a new passphrase for the re-run",
          ...fields,
        },
        cookie,
      );
    const unchanged = async () => {
      expect(await db.sealedBallot.count({ where: { electionId: e.id } })).toBe(2);
      expect(await db.voterRecord.count({ where: { electionId: e.id } })).toBe(2);
      expect((await db.election.findUniqueOrThrow({ where: { id: e.id } })).voidedAt).toBeNull();
    };

    expect((await rerun((await member()).cookie)).status).toBe(403);
    const unconfirmed = await rerun(officer.cookie, { confirm: "" });
    expect(unconfirmed.status).toBe(400);
    expect(await text(unconfirmed)).toContain("Confirm that every vote cast so far will be discarded");
    const mismatched = await rerun(officer.cookie, { countPassphraseConfirm: "something else entirely" });
    expect(await text(mismatched)).toContain("The two count passphrases do not match");
    const past = await rerun(officer.cookie, { votingCloseDate: "2020-01-31" });
    expect(past.status).toBe(400);
    const pastPage = await text(past);
    expect(pastPage).toContain("The re-run poll must close in the future");
    // An earlier day is the date's mistake; earlier today, the time's.
    expect(pastPage).toContain('id="votingCloseDate-error"');
    expect(pastPage).not.toContain('id="votingCloseTime-error"');
    const earlierToday = await rerun(officer.cookie, { votingCloseDate: londonToday(), votingCloseTime: "00:00" });
    expect(earlierToday.status).toBe(400);
    const earlierTodayPage = await text(earlierToday);
    expect(earlierTodayPage).toContain("The re-run poll must close in the future");
    expect(earlierTodayPage).toContain('id="votingCloseTime-error"');
    expect(earlierTodayPage).not.toContain('id="votingCloseDate-error"');
    await unchanged();

    expect((await rerun(officer.cookie)).status).toBe(302);
    const voided = await db.election.findUniqueOrThrow({ where: { id: e.id } });
    expect(voided.voidedAt).not.toBeNull();
    expect(voided.votingCloseAt.toISOString()).toBe("2099-01-31T17:00:00.000Z");
    expect(voided.votingNotifiedAt).toBeNull();
    expect(await db.sealedBallot.count({ where: { electionId: e.id } })).toBe(0);
    expect(await db.voterRecord.count({ where: { electionId: e.id } })).toBe(0);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { action: "election.void", subject: `election:${e.id}` } });
    expect(audit).toMatchObject({ actorId: officer.user.id, details: { discardedBallots: 2, voters: 2 } });

    // Everyone may vote again; the count then needs the new passphrase, not the lost one.
    expect((await cast(e.slug, first.cookie, [candidates[1].id])).status).toBe(200);
    await closePoll(e.id);
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(400);
    expect((await declareWith(e.slug, officer.cookie, "a new passphrase for the re-run")).status).toBe(302);
    expect((await db.election.findUniqueOrThrow({ where: { id: e.id } })).result).toMatchObject({ elected: [expect.stringContaining("Birch")] });
  });
});

describe("a candidate who can no longer stand", () => {
  /** Five ballots: three put Ash (candidate 0) first and Cedar next, so Ash wins unless withdrawn, and then Cedar does. */
  async function voteAshFirst(slug: string, candidates: { id: string }[]) {
    for (const ranking of [[0, 2], [0, 2], [0, 2], [1], [2]])
      expect(
        (
          await cast(
            slug,
            (await member()).cookie,
            ranking.map((i) => candidates[i].id),
          )
        ).status,
      ).toBe(200);
  }
  const nameOf = async (userId: string) => (await db.user.findUniqueOrThrow({ where: { id: userId } })).displayName;

  it("is withdrawn when their membership ends while voting is open: not elected, their votes passed on, and the returning officer sees why", async () => {
    const { election: e, candidates, officer, seat } = await election("voting");
    const [ash, cedar] = [await nameOf(candidates[0].candidateId), await nameOf(candidates[2].candidateId)];
    // Ash also stood in an election already declared: that result stands.
    const { election: earlier } = await election("closed");
    const standing = await db.nomination.create({
      data: {
        electionId: earlier.id,
        candidateId: candidates[0].candidateId,
        nominatedById: candidates[0].candidateId,
        statement: "Again",
        acceptedAt: new Date(),
        confirmedAt: new Date(),
      },
    });
    await db.election.update({ where: { id: earlier.id }, data: { declaredAt: new Date() } });
    await voteAshFirst(e.slug, candidates);

    const membership = await db.forumMembership.findUniqueOrThrow({ where: { userId: candidates[0].candidateId } });
    const ended = await postForm(
      `${server.url}/forum/members`,
      { intent: "end", membershipId: membership.id, reason: "Moved away from the city" },
      officer.cookie,
    );
    expect(ended.status).toBe(302);
    const officerPage = await text(await getPage(`${server.url}/elections/${e.slug}`, officer.cookie));
    expect(officerPage).toContain("Withdrawn</strong>");
    expect(officerPage).toContain("Their Forum membership ended.");
    // Nobody else is told why, and the officer's own reason for ending stays with the membership.
    const memberPage = await text(await getPage(`${server.url}/elections/${e.slug}`, (await member()).cookie));
    expect(memberPage).not.toContain("Their Forum membership ended");
    expect(memberPage + officerPage).not.toContain("Moved away from the city");

    await closePoll(e.id);
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(302);
    expect(await db.appointment.findMany({ where: { seatId: seat.id }, select: { userId: true } })).toEqual([{ userId: candidates[2].candidateId }]);
    const results = await text(await getPage(`${server.url}/elections/${e.slug}/results`));
    expect(results).toContain(`${ash} (withdrawn)`);
    expect(results).toContain(`${cedar} (elected)`);
    expect(results).toContain(`Withdrawn after nominations closed: ${ash}.`);
    expect((await db.nomination.findUniqueOrThrow({ where: { id: standing.id } })).withdrawnAt).toBeNull();
  }, 60_000);

  it("is withdrawn at the count when they are no longer eligible, though their nomination still stood", async () => {
    const { election: e, candidates, officer, seat } = await election("voting");
    const [ash, cedar] = [await nameOf(candidates[0].candidateId), await nameOf(candidates[2].candidateId)];
    await voteAshFirst(e.slug, candidates);
    // The seat is for residents of the city, and Ash's residency is no longer verified.
    await db.forumMembership.update({ where: { userId: candidates[0].candidateId }, data: { residentVerified: false } });
    await closePoll(e.id);
    expect((await declareWith(e.slug, officer.cookie, PASSPHRASE)).status).toBe(302);

    expect(await db.appointment.findMany({ where: { seatId: seat.id }, select: { userId: true } })).toEqual([{ userId: candidates[2].candidateId }]);
    const results = await text(await getPage(`${server.url}/elections/${e.slug}/results`));
    expect(results).toContain(`${ash} (withdrawn)`);
    expect(results).toContain(`${cedar} (elected)`);
    expect(await text(await getPage(`${server.url}/elections/${e.slug}`, officer.cookie))).toContain(
      "Could no longer stand at the count: living in the city not verified.",
    );
  });

  it("leaves nothing to count when no candidate can still stand, and nothing changes", async () => {
    const { election: e, candidates, officer } = await election("voting");
    await voteAshFirst(e.slug, candidates);
    await db.forumMembership.updateMany({ where: { userId: { in: candidates.map((c) => c.candidateId) } }, data: { residentVerified: false } });
    await closePoll(e.id);
    const refused = await declareWith(e.slug, officer.cookie, PASSPHRASE);
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("None of the candidates can still stand for this seat, so nobody can be elected. Nothing has been counted.");
    expect(await db.election.findUniqueOrThrow({ where: { id: e.id } })).toMatchObject({ declaredAt: null });
    expect(await db.nomination.count({ where: { electionId: e.id, withdrawnAt: { not: null } } })).toBe(0);
    expect(await db.sealedBallot.count({ where: { electionId: e.id, sealed: { not: null } } })).toBe(5);
  });

  it("cannot have their eligibility confirmed by the returning officer", async () => {
    const { election: e, officer } = await election("nominations");
    const nominee = await member();
    const nomination = await db.nomination.create({
      data: { electionId: e.id, candidateId: nominee.user.id, nominatedById: nominee.user.id, statement: "Me", acceptedAt: new Date() },
    });
    await db.forumMembership.update({ where: { userId: nominee.user.id }, data: { residentVerified: false } });
    const refused = await postForm(`${server.url}/elections/${e.slug}`, { intent: "confirm", nominationId: nomination.id }, officer.cookie);
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("This candidate cannot stand for this seat (living in the city not verified): rule the nomination out instead");
    expect((await db.nomination.findUniqueOrThrow({ where: { id: nomination.id } })).confirmedAt).toBeNull();
  });
});

describe("calling an election", () => {
  it("is for Forum officers, on seats the Forum elects, with a timetable in order", async () => {
    const { seat } = await election("nominations");
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const count = () => db.election.count({ where: { title: "By-election for a carer representative", seatId: seat.id } });
    expect((await postForm(`${server.url}/elections/new`, electionForm(seat.id), (await member()).cookie)).status).toBe(403);

    const backwards = await postForm(`${server.url}/elections/new`, electionForm(seat.id, { votingOpenDate: "2027-01-10" }), officer.cookie);
    expect(backwards.status).toBe(400);
    expect(await text(backwards)).toContain("Voting must open after nominations close");
    const tooMany = await postForm(`${server.url}/elections/new`, electionForm(seat.id, { places: "4" }), officer.cookie);
    expect(tooMany.status).toBe(400);
    expect(await text(tooMany)).toContain("This seat has only 3 places");
    const nobody = await postForm(`${server.url}/elections/new`, electionForm(seat.id, { constituency: [] }), officer.cookie);
    expect(await text(nobody)).toContain("Choose who may vote");
    const weak = await postForm(
      `${server.url}/elections/new`,
      electionForm(seat.id, { countPassphrase: "short", countPassphraseConfirm: "short" }),
      officer.cookie,
    );
    expect(weak.status).toBe(400);
    expect(await text(weak)).toContain("Choose a count passphrase of at least 12 characters");
    const mismatched = await postForm(
      `${server.url}/elections/new`,
      electionForm(seat.id, { countPassphraseConfirm: "three unrelated birds" }),
      officer.cookie,
    );
    expect(await text(mismatched)).toContain("The two count passphrases do not match");
    expect(await count()).toBe(0);

    const created = await postForm(`${server.url}/elections/new`, electionForm(seat.id), officer.cookie);
    expect(created.status).toBe(302);
    const saved = await db.election.findFirstOrThrow({ where: { seatId: seat.id, title: "By-election for a carer representative" } });
    expect(saved).toMatchObject({ places: 1, constituency: ["CARER"], residencyRequired: true, method: "SCOTTISH_STV" });
    // The seed for any draw and the receipts' salt are fixed now, before anyone votes.
    expect(saved.lotSeed).toMatch(/^[0-9a-f]{32}$/);
    // So is the ballot box's key: the public half, and the private half only wrapped by the passphrase.
    expect(saved.ballotPublicKey).toHaveLength(32);
    expect(saved.countKey).toMatchObject({ kdf: "argon2id", memoryCost: 65536, timeCost: 3 });
    expect(JSON.stringify(saved.countKey)).not.toContain("three unrelated words");
    expect(saved.votingOpenAt.toISOString()).toBe("2027-01-20T09:00:00.000Z");
  });
});

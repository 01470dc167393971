import crypto from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import type { RoleName } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { recordingPublisher } from "../../../test/helpers/consultations";
import { createUser } from "../../../test/helpers/factories";
import { createElectionKeys, type ElectionKeys } from "./ballot-box.server";
import { seesNomination } from "./elections.policy";
import { actOnNomination, changeMethod, createElection, declare, voidAndRerun } from "./elections.server";

const DAY = 86_400_000;
const PASSPHRASE = "correct horse battery staple";
let keys: ElectionKeys;
beforeAll(async () => {
  keys = await createElectionKeys(PASSPHRASE);
});

async function person(roles: RoleName[] = []): Promise<SessionUser> {
  const { user, email } = await createUser({ roles });
  return { id: user.id, email, displayName: user.displayName, stakeholderType: user.stakeholderType, organisation: null, emailVerified: true, roles };
}

/** An election whose timetable is shifted so that `now` falls in the given phase. */
async function election(phase: "before-nominations" | "nominations" | "voting" | "closed" | "declared", createdById: string) {
  const slug = `election-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: {
      slug: `body-${slug}`,
      name: `Board ${slug}`,
      kind: "PARTNERSHIP_BOARD",
      description: "Test",
      seats: {
        create: [{ position: 1, name: "Seat", places: 3, voting: true, fillMethod: "ELECTED", eligibleCategories: ["SERVICE_USER"], residencyRequired: false }],
      },
    },
    include: { seats: true },
  });
  const offsets = {
    "before-nominations": [1, 2, 3, 4],
    nominations: [-1, 1, 2, 3],
    voting: [-10, -5, -1, 5],
    closed: [-10, -5, -3, -1],
    declared: [-10, -5, -3, -1],
  }[phase];
  const now = Date.now();
  return db.election.create({
    data: {
      slug,
      title: `Election ${slug}`,
      seatId: body.seats[0].id,
      places: 1,
      constituency: ["SERVICE_USER"],
      residencyRequired: false,
      nominationsOpenAt: new Date(now + offsets[0] * DAY),
      nominationsCloseAt: new Date(now + offsets[1] * DAY),
      votingOpenAt: new Date(now + offsets[2] * DAY),
      votingCloseAt: new Date(now + offsets[3] * DAY),
      declaredAt: phase === "declared" ? new Date(now - DAY / 2) : null,
      salt: "test-salt",
      lotSeed: "test-seed",
      ballotPublicKey: keys.publicKey,
      countKey: keys.countKey,
      createdById,
    },
    include: { seat: true },
  });
}

describe("who sees a nomination, as predicate and as query", () => {
  it("agrees for every phase, every state of a nomination and every kind of viewer", async () => {
    const officer = await person(["FORUM_OFFICER"]);
    const [candidate, nominator, bystander] = [await person(["FORUM_MEMBER"]), await person(["FORUM_MEMBER"]), await person(["FORUM_MEMBER"])];
    const states = [
      { acceptedAt: new Date(), confirmedAt: new Date(), withdrawnAt: null }, // standing
      { acceptedAt: null, confirmedAt: null, withdrawnAt: null }, // waiting for the candidate
      { acceptedAt: new Date(), confirmedAt: null, withdrawnAt: null }, // waiting for the officer
      { acceptedAt: new Date(), confirmedAt: new Date(), withdrawnAt: new Date() }, // withdrawn
    ];
    const nominations = [];
    for (const phase of ["before-nominations", "nominations", "voting", "closed", "declared"] as const) {
      for (const [i, state] of states.entries()) {
        const e = await election(phase, officer.id);
        // A different candidate per election keeps (election, candidate) unique; half are self-nominations.
        const standing = i % 2 === 0 ? candidate : await person(["FORUM_MEMBER"]);
        nominations.push(
          await db.nomination.create({
            data: { electionId: e.id, candidateId: standing.id, nominatedById: i % 2 === 0 ? nominator.id : standing.id, statement: "Vote for me", ...state },
            select: {
              id: true,
              candidateId: true,
              nominatedById: true,
              acceptedAt: true,
              confirmedAt: true,
              withdrawnAt: true,
              election: { select: { nominationsOpenAt: true, nominationsCloseAt: true, votingOpenAt: true, votingCloseAt: true, declaredAt: true } },
            },
          }),
        );
      }
    }
    const seeded = nominations.map((n) => n.id);
    const now = new Date();
    for (const actor of [null, officer, candidate, nominator, bystander]) {
      const viewer = { actor, now };
      const found = await db.nomination.findMany({ where: { AND: [{ id: { in: seeded } }, seesNomination.where(viewer)] }, select: { id: true } });
      const allowed = nominations.filter((n) => seesNomination.allows(viewer, n)).map((n) => n.id);
      expect(found.map((n) => n.id).sort()).toEqual(allowed.sort());
    }
    // The rule tells people apart: the officer sees all, a bystander only the standing candidates of published elections.
    expect(nominations.filter((n) => seesNomination.allows({ actor: officer, now }, n))).toHaveLength(nominations.length);
    expect(nominations.filter((n) => seesNomination.allows({ actor: bystander, now }, n))).toHaveLength(3);
  });
});

describe("election commands check who is acting themselves", () => {
  it("refuses a member who is not the returning officer, called directly, and changes nothing", async () => {
    const officer = await person(["FORUM_OFFICER"]);
    const member = await person(["FORUM_MEMBER"]);
    const open = await election("nominations", officer.id);
    const closed = await election("closed", officer.id);
    const nomination = await db.nomination.create({
      data: { electionId: open.id, candidateId: member.id, nominatedById: member.id, statement: "Me", acceptedAt: new Date() },
    });

    const form = {
      title: "A takeover",
      seatId: open.seatId,
      places: 1,
      constituency: ["SERVICE_USER" as const],
      residencyRequired: false,
      method: "FPTP" as const,
      nominationsOpen: { date: "2027-01-01", time: "09:00" },
      nominationsClose: { date: "2027-01-10", time: "09:00" },
      votingOpen: { date: "2027-01-20", time: "09:00" },
      votingClose: { date: "2027-02-01", time: "17:00" },
      countPassphrase: "three unrelated words",
      countPassphraseConfirm: "three unrelated words",
    };
    expect(await createElection(member, form)).toMatchObject({ ok: false, status: 403 });
    expect(await changeMethod(member, open.slug, "FPTP")).toMatchObject({ ok: false, status: 403 });
    expect(await actOnNomination(member, open.slug, { intent: "confirm", nominationId: nomination.id })).toMatchObject({ ok: false, status: 403 });
    expect(await declare(member, closed.slug, PASSPHRASE, recordingPublisher())).toMatchObject({ ok: false, status: 403 });
    const rerun = {
      intent: "void" as const,
      confirm: "yes" as const,
      votingCloseDate: "2099-01-31",
      votingCloseTime: "17:00",
      votingClose: { date: "2099-01-31", time: "17:00" },
      countPassphrase: "a new passphrase here",
      countPassphraseConfirm: "a new passphrase here",
    };
    expect(await voidAndRerun(member, closed.slug, rerun, recordingPublisher())).toMatchObject({ ok: false, status: 403 });

    expect(await db.election.count({ where: { title: "A takeover" } })).toBe(0);
    expect(await db.election.findUniqueOrThrow({ where: { id: open.id } })).toMatchObject({ method: open.method });
    expect((await db.nomination.findUniqueOrThrow({ where: { id: nomination.id } })).confirmedAt).toBeNull();
    expect(await db.election.findUniqueOrThrow({ where: { id: closed.id } })).toMatchObject({ declaredAt: null, voidedAt: null });
  });
});

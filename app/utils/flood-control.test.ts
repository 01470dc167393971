import "../../test/helpers/strict-flood-limits";
import crypto from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { nominate } from "#app/features/elections/elections.server";
import { reportComment } from "#app/features/consultations/comments.server";
import { askQuestion } from "#app/features/meetings/questions.server";
import { MENTION_EMAILS_PER_HOUR } from "#app/features/notifications/notifications.server";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../test/helpers/app-server";
import { createProposal, recordingPublisher } from "../../test/helpers/consultations";
import { postForm, signedInUser } from "../../test/helpers/factories";
import { joinRoom, socketClients } from "../../test/helpers/socket-client";
import { checkFloodLimit, FLOOD_LIMITS, pruneActionCounters } from "./flood-control.server";

let server: TestServer;
const sockets = socketClients(() => server.url);
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => sockets.closeAll());
afterAll(() => server.close());

const DAY = 86_400_000;
const TRY_AGAIN = /You have sent \d+ \w+ in \d+ minutes, the most we allow\. Try again in \d+ minutes?\./;

async function sessionUser(options: Parameters<typeof signedInUser>[0] = {}) {
  const person = await signedInUser(options);
  const session: SessionUser = {
    id: person.user.id,
    email: person.email,
    displayName: person.user.displayName,
    stakeholderType: person.user.stakeholderType,
    organisation: null,
    emailVerified: true,
    roles: options.roles ?? [],
  };
  return { ...person, session };
}

async function forumMember(displayName?: string) {
  const person = await sessionUser({ roles: ["FORUM_MEMBER"], displayName });
  await db.forumMembership.create({
    data: { userId: person.user.id, category: "SERVICE_USER", postcode: "M65JA", status: "VERIFIED", residentVerified: true },
  });
  return person;
}

type Ack = { ok: boolean; error?: string; messageId?: string };
const emit = (socket: Socket, event: string, payload: unknown) => new Promise<Ack>((resolve) => socket.emit(event, payload, resolve));

describe("per-account flood control: a clear refusal and nothing written", () => {
  it("comments: the form answers 429 with the reason once an account has posted its limit", async () => {
    const { proposal } = await createProposal();
    const author = await signedInUser();
    const { max } = FLOOD_LIMITS.comment;
    for (let i = 0; i < max; i++) {
      expect((await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: `Point ${i}` }, author.cookie)).status).toBe(302);
    }
    const refused = await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "One more" }, author.cookie);
    expect(refused.status).toBe(429);
    expect(await refused.text()).toMatch(TRY_AGAIN);
    expect(await db.comment.count({ where: { authorId: author.user.id } })).toBe(max);
    // Someone else is not held back by it.
    const other = await signedInUser();
    expect((await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "My turn" }, other.cookie)).status).toBe(302);
  });

  it("Forum messages: the socket ack is an error once an account has sent its limit, counted across every way of sending", async () => {
    const forumRoom = await db.forumRoom.create({
      data: { slug: `flood-${crypto.randomUUID().slice(0, 8)}`, name: "Flood room", description: "Testing", categories: [] },
    });
    const sender = await forumMember();
    const socket = await sockets.connect(sender.cookie);
    await joinRoom(socket, `forum:${forumRoom.id}`);
    const { max } = FLOOD_LIMITS["forum-message"];
    // One through the page's form, the rest through the socket: one budget.
    expect((await postForm(`${server.url}/forum/rooms/${forumRoom.slug}`, { intent: "post", body: "From the form" }, sender.cookie)).status).toBe(200);
    for (let i = 1; i < max; i++) expect((await emit(socket, "forum:send", { roomId: forumRoom.id, body: `Message ${i}` })).ok).toBe(true);
    const refused = await emit(socket, "forum:send", { roomId: forumRoom.id, body: "One more" });
    expect(refused.ok).toBe(false);
    expect(refused.error).toMatch(TRY_AGAIN);
    expect(await db.forumMessage.count({ where: { authorId: sender.user.id } })).toBe(max);
  });

  it("reports: an account can report only so many things an hour", async () => {
    const { proposal } = await createProposal();
    const reporter = await sessionUser();
    const { user: author } = await signedInUser();
    const { max } = FLOOD_LIMITS.report;
    const comments = [];
    for (let i = 0; i <= max; i++)
      comments.push(
        await db.comment.create({ data: { proposalId: proposal.id, versionId: proposal.versions[0].id, authorId: author.id, body: `Comment ${i}` } }),
      );
    for (const comment of comments.slice(0, max))
      expect((await reportComment(reporter.session, proposal.id, comment.id, "Spam", recordingPublisher())).ok).toBe(true);
    const refused = await reportComment(reporter.session, proposal.id, comments[max].id, "Spam", recordingPublisher());
    expect(refused).toMatchObject({ ok: false, status: 429, errors: { reason: [expect.stringMatching(TRY_AGAIN)] } });
    expect(await db.commentReport.count({ where: { reporterId: reporter.user.id } })).toBe(max);
  });

  it("questions at a meeting: an account can ask only so many an hour", async () => {
    const asker = await sessionUser();
    const meeting = await db.meeting.create({
      data: {
        slug: `flood-${crypto.randomUUID().slice(0, 8)}`,
        title: "Open meeting",
        description: "Questions",
        startsAt: new Date(Date.now() + 3_600_000),
        endsAt: new Date(Date.now() + 9_000_000),
        capacity: 100,
        registrationOpensAt: new Date(Date.now() - DAY),
        registrationClosesAt: new Date(Date.now() + 1_800_000),
        venueName: "Hemsley House",
      },
    });
    await db.registration.create({
      data: {
        meetingId: meeting.id,
        userId: asker.user.id,
        name: "Asker",
        email: asker.email,
        code: crypto.randomBytes(4).toString("hex").toUpperCase(),
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
      },
    });
    const { max } = FLOOD_LIMITS.question;
    for (let i = 0; i < max; i++)
      expect((await askQuestion(asker.session, meeting.slug, { text: `Question ${i}?`, anonymous: false }, recordingPublisher())).ok).toBe(true);
    const refused = await askQuestion(asker.session, meeting.slug, { text: "And another?", anonymous: false }, recordingPublisher());
    expect(refused).toMatchObject({ ok: false, status: 429, errors: { text: [expect.stringMatching(TRY_AGAIN)] } });
    expect(await db.question.count({ where: { authorId: asker.user.id } })).toBe(max);
  });

  it("nominations: an account can nominate only so many people an hour", async () => {
    const nominator = await forumMember();
    const body = await db.body.create({
      data: {
        slug: `flood-body-${crypto.randomUUID().slice(0, 8)}`,
        name: "Board",
        kind: "PARTNERSHIP_BOARD",
        description: "Test",
        seats: {
          create: [
            {
              position: 1,
              name: "Seat",
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
    const election = await db.election.create({
      data: {
        slug: `flood-election-${crypto.randomUUID().slice(0, 8)}`,
        title: "Election",
        seatId: body.seats[0].id,
        places: 1,
        constituency: ["SERVICE_USER"],
        residencyRequired: true,
        nominationsOpenAt: new Date(Date.now() - DAY),
        nominationsCloseAt: new Date(Date.now() + DAY),
        votingOpenAt: new Date(Date.now() + 2 * DAY),
        votingCloseAt: new Date(Date.now() + 3 * DAY),
        salt: "s",
        lotSeed: "l",
        createdById: nominator.user.id,
      },
    });
    const { max } = FLOOD_LIMITS.nomination;
    const candidates = [];
    for (let i = 0; i <= max; i++) candidates.push(await forumMember());
    for (const candidate of candidates.slice(0, max))
      expect(await nominate(nominator.session, election.slug, { candidateId: candidate.user.id, statement: "Good listener" })).toEqual({ ok: true });
    const refused = await nominate(nominator.session, election.slug, { candidateId: candidates[max].user.id, statement: "Good listener" });
    expect(refused).toMatchObject({ ok: false, status: 429, errors: { statement: [expect.stringMatching(TRY_AGAIN)] } });
    expect(await db.nomination.count({ where: { nominatedById: nominator.user.id } })).toBe(max);
  });
});

describe("the window", () => {
  it("starts at an account's first post and lets it post again once it has passed", async () => {
    const { user } = await signedInUser();
    const start = new Date("2026-11-30T10:00:00Z");
    const at = (minutes: number) => new Date(start.getTime() + minutes * 60_000);
    const { max, windowMinutes } = FLOOD_LIMITS.question;
    for (let i = 0; i < max; i++) expect(await checkFloodLimit(user.id, "question", "text", at(i))).toBeNull();
    expect(await checkFloodLimit(user.id, "question", "text", at(max))).toMatchObject({
      status: 429,
      errors: { text: [expect.stringContaining(`Try again in ${windowMinutes - max} minutes.`)] },
    });
    expect(await checkFloodLimit(user.id, "question", "text", at(windowMinutes))).toBeNull();
    // Old windows are cleared by the scheduler a day later.
    await pruneActionCounters(at(windowMinutes + 24 * 60 + 1));
    expect(await db.actionCounter.count({ where: { key: `question:${user.id}` } })).toBe(0);
  });
});

describe("@mentions", () => {
  it("a message mentioning more than five people is refused with the reason, and nothing is written", async () => {
    const forumRoom = await db.forumRoom.create({
      data: { slug: `mentions-${crypto.randomUUID().slice(0, 8)}`, name: "Mentions room", description: "Testing", categories: [] },
    });
    const tag = crypto.randomUUID().slice(0, 6);
    const people = [];
    for (let i = 0; i < 6; i++) people.push(await forumMember(`Person${i} ${tag}`));
    const sender = await forumMember();
    const socket = await sockets.connect(sender.cookie);
    await joinRoom(socket, `forum:${forumRoom.id}`);
    const body = people.map((p) => `@${p.user.displayName}`).join(" ");
    const refused = await emit(socket, "forum:send", { roomId: forumRoom.id, body });
    expect(refused).toEqual({ ok: false, error: "Mention at most 5 people in one message (this one mentions 6)" });
    expect(await db.forumMessage.count({ where: { roomId: forumRoom.id } })).toBe(0);
    expect(await db.notification.count({ where: { userId: { in: people.map((p) => p.user.id) } } })).toBe(0);
    expect(
      (
        await emit(socket, "forum:send", {
          roomId: forumRoom.id,
          body: people
            .slice(0, 5)
            .map((p) => `@${p.user.displayName}`)
            .join(" "),
        })
      ).ok,
    ).toBe(true);
  });

  it("mention emails never come in a burst: after a few in an hour the rest wait for the daily summary", async () => {
    const forumRoom = await db.forumRoom.create({
      data: { slug: `burst-${crypto.randomUUID().slice(0, 8)}`, name: "Burst room", description: "Testing", categories: [] },
    });
    const target = await forumMember(`Target ${crypto.randomUUID().slice(0, 6)}`);
    const sender = await forumMember();
    const socket = await sockets.connect(sender.cookie);
    await joinRoom(socket, `forum:${forumRoom.id}`);
    for (let i = 0; i < 8; i++)
      expect((await emit(socket, "forum:send", { roomId: forumRoom.id, body: `@${target.user.displayName} look ${i}` })).ok).toBe(true);
    expect(await db.notification.count({ where: { userId: target.user.id, kind: "mention" } })).toBe(8);
    expect(await db.outboxEmail.count({ where: { to: target.email } })).toBe(MENTION_EMAILS_PER_HOUR);
    expect(await db.notification.count({ where: { userId: target.user.id, kind: "mention", digest: "DAILY", emailedAt: null } })).toBe(
      8 - MENTION_EMAILS_PER_HOUR,
    );
  });
});

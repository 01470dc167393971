import crypto from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import type { RealtimeMessage } from "#app/utils/realtime";
import { startTestServer, type TestServer } from "./helpers/app-server";
import { createProposal } from "./helpers/consultations";
import { getPage, postForm, secretaryOf, signedInUser, uniqueEmail } from "./helpers/factories";
import { createMeeting } from "./helpers/meetings";
import { joinRoom, socketClients } from "./helpers/socket-client";

// A retried or doubled post (a double click, a browser resending after a dropped connection,
// a socket message resent without an answer) carries the same idempotency key as the first,
// and must be answered as the first was, without making a second thing.

let server: TestServer;
const sockets = socketClients(() => server.url);
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => sockets.closeAll());
afterAll(() => server.close());

const DAY = 86_400_000;
const keyIn = (html: string) => /name="idempotencyKey"[^>]*value="([0-9a-f-]{36})"/.exec(html)?.[1];

describe("the comment form", () => {
  it("carries a new key each time it is drawn", async () => {
    const { proposal } = await createProposal();
    const writer = await signedInUser();
    const first = keyIn(await (await getPage(`${server.url}/proposals/${proposal.slug}`, writer.cookie)).text());
    const second = keyIn(await (await getPage(`${server.url}/proposals/${proposal.slug}`, writer.cookie)).text());
    expect(first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(second).toBeDefined();
    expect(second).not.toBe(first);
  });

  it("posts one comment, with one live event, however often the same form is sent", async () => {
    const { proposal } = await createProposal();
    const writer = await signedInUser();
    const idempotencyKey = crypto.randomUUID();
    const post = () =>
      postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "Please keep the Tuesday clinic", idempotencyKey }, writer.cookie);
    const answers = await Promise.all([post(), post(), post()]);
    const retried = await post();
    for (const answer of [...answers, retried]) expect(answer.status).toBe(302);
    expect(new Set([...answers, retried].map((a) => a.headers.get("location"))).size).toBe(1);
    const comments = await db.comment.findMany({ where: { proposalId: proposal.id }, select: { id: true } });
    expect(comments).toHaveLength(1);
    const events = await db.realtimeEvent.findMany({ where: { room: `proposal:${proposal.id}`, name: "comment:created" } });
    expect(events.map((e) => (e.payload as { commentId: string }).commentId)).toEqual([comments[0].id]);

    // The next drawing of the form has a new key: a new comment.
    expect(
      (
        await postForm(
          `${server.url}/proposals/${proposal.slug}`,
          { intent: "comment", body: "And the Friday one", idempotencyKey: crypto.randomUUID() },
          writer.cookie,
        )
      ).status,
    ).toBe(302);
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(2);
  });

  it("keeps one person's key from answering another's post", async () => {
    const { proposal } = await createProposal();
    const [one, two] = [await signedInUser(), await signedInUser()];
    const idempotencyKey = crypto.randomUUID();
    for (const person of [one, two]) {
      expect(
        (await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: `From ${person.email}`, idempotencyKey }, person.cookie)).status,
      ).toBe(302);
    }
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(2);
  });

  it("refuses a key that is not a UUID, writing nothing", async () => {
    const { proposal } = await createProposal();
    const writer = await signedInUser();
    const response = await postForm(
      `${server.url}/proposals/${proposal.slug}`,
      { intent: "comment", body: "Hello", idempotencyKey: "'; drop table" },
      writer.cookie,
    );
    expect(response.status).toBe(400);
    expect(await response.text()).toContain("reload the page and send it again");
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
    expect(await db.idempotentRequest.count({ where: { owner: writer.user.id } })).toBe(0);
  });
});

describe("a Forum message sent over the socket", () => {
  it("is stored once when resent with the same client message id", async () => {
    const person = await signedInUser({ roles: ["FORUM_MEMBER"] });
    await db.forumMembership.create({
      data: { userId: person.user.id, category: "SERVICE_USER", postcode: "M65JA", status: "VERIFIED", residentVerified: true },
    });
    const slug = `room-${crypto.randomUUID().slice(0, 8)}`;
    const room = await db.forumRoom.create({ data: { slug, name: `Room ${slug}`, description: "For testing", categories: [] } });
    const socket: Socket = await sockets.connect(person.cookie);
    const events: RealtimeMessage[] = [];
    socket.on("event", (e: RealtimeMessage) => events.push(e));
    expect((await joinRoom(socket, `forum:${room.id}`)).ok).toBe(true);
    const send = (payload: object) =>
      new Promise<{ ok: boolean; messageId?: string; error?: string }>((resolve) => socket.emit("forum:send", payload, resolve));

    const clientMessageId = crypto.randomUUID();
    const acks = await Promise.all([
      send({ roomId: room.id, body: "Coffee at ten?", clientMessageId }),
      send({ roomId: room.id, body: "Coffee at ten?", clientMessageId }),
    ]);
    expect(acks.every((a) => a.ok)).toBe(true);
    expect(acks[0].messageId).toBe(acks[1].messageId);
    expect(await db.forumMessage.count({ where: { roomId: room.id } })).toBe(1);
    await expect.poll(() => events.length).toBe(1);

    expect(await send({ roomId: room.id, body: "x", clientMessageId: "not-a-uuid" })).toMatchObject({ ok: false });
    expect(await db.forumMessage.count({ where: { roomId: room.id } })).toBe(1);
  });
});

describe("a meeting registration", () => {
  it("made twice with the same form is one place, and both answers are the first", async () => {
    const meeting = await createMeeting();
    const email = uniqueEmail("guest");
    const idempotencyKey = crypto.randomUUID();
    const post = () => postForm(`${server.url}/meetings/${meeting.slug}`, { name: "Sam Guest", email, idempotencyKey }, undefined);
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((a) => a.status)).toEqual([302, 302]);
    expect(answers[0].headers.get("location")).toBe(answers[1].headers.get("location"));
    expect(await db.registration.count({ where: { meetingId: meeting.id } })).toBe(1);
    // Retried later (the first answer was lost): the same answer, still one place.
    expect((await post()).status).toBe(302);
    expect(await db.registration.count({ where: { meetingId: meeting.id } })).toBe(1);
  });
});

describe("a nomination", () => {
  it("sent twice from the same form is one nomination, and both answers are success", async () => {
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
              residencyRequired: false,
              termMonths: 24,
            },
          ],
        },
      },
      include: { seats: true },
    });
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const now = Date.now();
    const election = await db.election.create({
      data: {
        slug,
        title: `Election ${slug}`,
        seatId: body.seats[0].id,
        places: 1,
        constituency: ["SERVICE_USER"],
        residencyRequired: false,
        nominationsOpenAt: new Date(now - DAY),
        nominationsCloseAt: new Date(now + DAY),
        votingOpenAt: new Date(now + 2 * DAY),
        votingCloseAt: new Date(now + 3 * DAY),
        salt: "test-salt",
        lotSeed: "test-seed",
        createdById: officer.user.id,
      },
    });
    const candidate = await signedInUser({ roles: ["FORUM_MEMBER"] });
    await db.forumMembership.create({
      data: { userId: candidate.user.id, category: "SERVICE_USER", postcode: "M6 5JA", residentVerified: true, status: "VERIFIED" },
    });
    const idempotencyKey = crypto.randomUUID();
    const post = () =>
      postForm(`${server.url}/elections/${slug}`, { intent: "nominate", candidateEmail: "", statement: "I will listen.", idempotencyKey }, candidate.cookie);
    const answers = await Promise.all([post(), post()]);
    expect(answers.map((a) => a.status)).toEqual([302, 302]);
    expect(await db.nomination.count({ where: { electionId: election.id } })).toBe(1);
  });
});

describe("forms whose command runs its own transactions (the route-level wrapper)", () => {
  it("records one action however often a secretary's form is sent, and says so to a repeat in flight", async () => {
    const slug = `board-${crypto.randomUUID().slice(0, 8)}`;
    const body = await db.body.create({ data: { slug, name: `Board ${slug}`, kind: "PARTNERSHIP_BOARD", description: "Test board" } });
    const meeting = await db.bodyMeeting.create({
      data: { bodyId: body.id, title: "Board meeting", startsAt: new Date(Date.now() - DAY), endsAt: new Date(Date.now() - DAY + 7_200_000) },
    });
    const secretary = await secretaryOf(body.id);
    const due = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    const idempotencyKey = crypto.randomUUID();
    const post = () =>
      postForm(
        `${server.url}/bodies/${slug}/meetings/${meeting.id}`,
        { intent: "add-action", description: "Find a venue", ownerPost: "Board secretary", dueOn: due, idempotencyKey },
        secretary.cookie,
      );
    const answers = await Promise.all([post(), post(), post()]);
    expect(answers.map((a) => a.status).filter((s) => s === 200).length).toBeGreaterThanOrEqual(1);
    expect(answers.every((a) => a.status === 200 || a.status === 409)).toBe(true);
    expect((await post()).status).toBe(200); // the first answer, once it is there
    expect(await db.boardAction.count({ where: { meetingId: meeting.id } })).toBe(1);

    // A refused form gives its key back: corrected, the same drawing of the form can be sent.
    const again = crypto.randomUUID();
    expect(
      (
        await postForm(
          `${server.url}/bodies/${slug}/meetings/${meeting.id}`,
          { intent: "add-action", description: "Book the room", dueOn: due, idempotencyKey: again },
          secretary.cookie,
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await postForm(
          `${server.url}/bodies/${slug}/meetings/${meeting.id}`,
          { intent: "add-action", description: "Book the room", ownerPost: "Chair", dueOn: due, idempotencyKey: again },
          secretary.cookie,
        )
      ).status,
    ).toBe(200);
    expect(await db.boardAction.count({ where: { meetingId: meeting.id } })).toBe(2);
  });
});

import crypto from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { proposalRoom } from "#app/features/consultations/consultations.events";
import { meetingRoom } from "#app/features/meetings/meetings.events";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "#app/utils/db.server";
import type { RealtimeMessage } from "#app/utils/realtime";
import { follow } from "#app/utils/realtime-context";
import { startTestServer, type TestServer } from "../../test/helpers/app-server";
import { createProposal } from "../../test/helpers/consultations";
import { postForm, signedInUser } from "../../test/helpers/factories";
import { deleteExpiredSessions } from "#app/utils/auth.server";
import { MAX_RESUME, pruneEvents } from "./publisher";

let server: TestServer;
const open: Socket[] = [];
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => open.splice(0).forEach((socket) => socket.close()));
afterAll(() => server.close());

function client(options: { cookie?: string; origin?: string } = {}): Socket {
  const headers: Record<string, string> = {};
  if (options.cookie) headers.Cookie = options.cookie;
  if (options.origin) headers.Origin = options.origin;
  const socket = connect(server.url, { transports: ["websocket"], extraHeaders: headers, reconnection: false, forceNew: true });
  open.push(socket);
  return socket;
}

const connected = (socket: Socket) =>
  new Promise<void>((resolve, reject) => {
    socket.once("connect", () => resolve());
    socket.once("connect_error", reject);
  });

type Ack = { ok: boolean; error?: string; missed?: RealtimeMessage[]; lastId?: string | null; stale?: boolean };
const emit = (socket: Socket, event: string, payload: unknown) => new Promise<Ack>((resolve) => socket.emit(event, payload, resolve));

function collect(socket: Socket): RealtimeMessage[] {
  const events: RealtimeMessage[] = [];
  socket.on("event", (event: RealtimeMessage) => events.push(event));
  return events;
}

async function until(check: () => boolean, timeoutMs = 5000) {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe("socket handshake", () => {
  it("accepts a real session cookie and lets the person join only their own room", async () => {
    const me = await signedInUser();
    const other = await signedInUser();
    const socket = client({ cookie: me.cookie });
    await connected(socket);
    expect(await emit(socket, "room:join", { room: `user:${me.user.id}` })).toMatchObject({ ok: true });
    expect(await emit(socket, "room:join", { room: `user:${other.user.id}` })).toEqual({ ok: false, error: "You cannot join this room" });
  });

  it("lets an anonymous visitor connect but not join a personal room", async () => {
    const someone = await signedInUser();
    const socket = client();
    await connected(socket);
    expect(await emit(socket, "room:join", { room: `user:${someone.user.id}` })).toMatchObject({ ok: false });
  });

  it("refuses a forged or expired session cookie", async () => {
    await expect(connected(client({ cookie: "touchstone_session=forged-session-id-0000000000000000000000" }))).rejects.toThrow("Session expired");
    const expired = await signedInUser();
    await db.session.updateMany({ where: { userId: expired.user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await expect(connected(client({ cookie: expired.cookie }))).rejects.toThrow("Session expired");
  });

  it("tells a connection that fails on the server only to try again, never the cause", async () => {
    const me = await signedInUser();
    // The session lookup fails, as it would with the database unreachable: the table is away
    // for a moment (this file's tests run one at a time on this worker's own database).
    await db.$executeRawUnsafe(`ALTER TABLE "Session" RENAME TO "Session_away"`);
    let failed: Promise<unknown>;
    try {
      failed = connected(client({ cookie: me.cookie }));
      await failed.catch(() => undefined);
    } finally {
      await db.$executeRawUnsafe(`ALTER TABLE "Session_away" RENAME TO "Session"`);
    }
    await expect(failed).rejects.toThrow("Could not connect, try again");
    await expect(failed).rejects.not.toThrow(/relation|exist|prisma|Session_away/i);
  });

  it("refuses a page from another site", async () => {
    const me = await signedInUser();
    await expect(connected(client({ cookie: me.cookie, origin: "https://evil.example" }))).rejects.toThrow();
    await expect(connected(client({ cookie: me.cookie, origin: server.url }))).resolves.toBeUndefined();
  });

  it("answers events of the wrong shape with an error and does nothing", async () => {
    const me = await signedInUser();
    const socket = client({ cookie: me.cookie });
    await connected(socket);
    for (const payload of [null, "user:x", { room: 42 }, { room: "no-colon" }, { room: `user:${me.user.id}`, afterId: "-1" }]) {
      expect((await emit(socket, "room:join", payload)).ok).toBe(false);
    }
    expect(await emit(socket, "room:join", { room: "secret-kind:abc" })).toEqual({ ok: false, error: "You cannot join this room" });
  });
});

describe("live events", () => {
  it("tells a person at once when an administrator changes their roles", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const me = await signedInUser();
    const socket = client({ cookie: me.cookie });
    await connected(socket);
    const events = collect(socket);
    await emit(socket, "room:join", { room: `user:${me.user.id}` });

    const response = await postForm(`${server.url}/admin/users`, { intent: "grant", userId: me.user.id, role: "FORUM_MEMBER" }, admin.cookie);
    expect(response.status).toBe(200);
    await until(() => events.length === 1);
    expect(events[0]).toMatchObject({ room: `user:${me.user.id}`, name: "account:roles-changed", payload: { role: "FORUM_MEMBER", intent: "grant" } });
  });

  it("gives a reconnecting client exactly the events it missed: no gap, no duplicate", async () => {
    // A meeting's door count: its organisers may join, and its events carry a number.
    const me = await signedInUser({ roles: ["COMMISSIONER"] });
    const room = meetingRoom(crypto.randomUUID());
    const first = client({ cookie: me.cookie });
    await connected(first);
    const seen = collect(first);
    const joined = await emit(first, "room:join", { room });
    expect(joined.ok).toBe(true);

    for (let i = 0; i < 5; i++) await server.publisher.publish(room, "meeting:attendance", { attended: i });
    await until(() => seen.length === 5);
    first.close();

    // While the client is away, hundreds of events are published.
    await Promise.all(Array.from({ length: 300 }, (_, i) => server.publisher.publish(room, "meeting:attendance", { attended: 5 + i })));

    const second = client({ cookie: me.cookie });
    await connected(second);
    const live = collect(second);
    const resumed = await emit(second, "room:join", { room, afterId: seen.at(-1)!.id });
    expect(resumed.ok).toBe(true);
    const missed = resumed.missed!;
    expect(missed).toHaveLength(300);
    const all = [...seen, ...missed];
    expect(new Set(all.map((e) => e.id)).size).toBe(305);
    expect(all.map((e) => (e.payload as { attended: number }).attended).sort((a, b) => a - b)).toEqual(Array.from({ length: 305 }, (_, i) => i));
    const ids = all.map((e) => BigInt(e.id));
    expect(ids.every((id, i) => i === 0 || id > ids[i - 1])).toBe(true);

    // And it is live again afterwards.
    await server.publisher.publish(room, "meeting:attendance", { attended: 305 });
    await until(() => live.length === 1);
    expect(live[0].payload).toEqual({ attended: 305 });
  });
});

/** A signed-in socket that may join meeting rooms (an organiser's), and what it receives. */
async function organiser() {
  const me = await signedInUser({ roles: ["COMMISSIONER"] });
  const socket = client({ cookie: me.cookie });
  await connected(socket);
  return { me, socket, events: collect(socket) };
}

/** Publishes an event and waits until a socket that is in the room has it: the others have had their chance. */
async function publishAndSettle(room: ReturnType<typeof meetingRoom>, attended: number) {
  const witness = await organiser();
  expect((await emit(witness.socket, "room:join", { room })).ok).toBe(true);
  await server.publisher.publish(room, "meeting:attendance", { attended });
  await until(() => witness.events.length === 1);
  await new Promise((r) => setTimeout(r, 100));
}

describe("joining a room", () => {
  it("refuses a resume point beyond any event id, and the socket is not in the room", async () => {
    const { socket, events } = await organiser();
    const room = meetingRoom(crypto.randomUUID());
    expect(await emit(socket, "room:join", { room, afterId: "9223372036854775808" })).toEqual({ ok: false, error: "Not an event id" });
    await publishAndSettle(room, 1);
    expect(events).toEqual([]);
    // The largest id there can be is a resume point like any other.
    expect(await emit(socket, "room:join", { room, afterId: "9223372036854775807" })).toMatchObject({ ok: true, missed: [] });
  });

  it("leaves the room again when reading what was missed fails, so an error answer means not joined", async () => {
    const { socket, events } = await organiser();
    const room = meetingRoom(crypto.randomUUID());
    const read = vi.spyOn(db.realtimeEvent, "findMany").mockRejectedValueOnce(new Error("connection lost"));
    try {
      expect(await emit(socket, "room:join", { room, afterId: "1" })).toEqual({ ok: false, error: "Something went wrong" });
    } finally {
      read.mockRestore();
    }
    await publishAndSettle(room, 1);
    expect(events).toEqual([]);
  });
});

describe("watching a room", () => {
  it("keeps one note of a room however often a page watches it, and counts the page as here while it has the room open", async () => {
    const { proposal } = await createProposal();
    const room = proposalRoom(proposal.id);
    const { socket } = await organiser();
    const counts: number[] = [];
    socket.on("presence", (p: { room: string; count: number }) => p.room === room && counts.push(p.count));
    for (let i = 0; i < 50; i++) expect((await emit(socket, "room:join", { room, watchOnly: true })).ok).toBe(true);
    expect(server.io.sockets.sockets.get(socket.id!)!.data.watching).toEqual([room]);
    expect((await emit(socket, "room:join", { room })).ok).toBe(true);
    await expect.poll(() => counts.at(-1), { timeout: 5000 }).toBe(1);
    // And back to only watching: the count drops.
    expect((await emit(socket, "room:join", { room, watchOnly: true })).ok).toBe(true);
    await expect.poll(() => counts.at(-1), { timeout: 5000 }).toBe(0);
  });
});

describe("a join racing a role change", () => {
  it("does not leave the socket in a room its person lost access to between the join rule and the join", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const { me, socket, events } = await organiser();
    const room = meetingRoom(crypto.randomUUID());
    // The revoke and its re-check of the person's rooms land after the join rule said yes and
    // before the socket is in the room, so the re-check finds nothing to take it out of.
    const onServer = server.io.sockets.sockets.get(socket.id!)!;
    const join = onServer.join.bind(onServer);
    vi.spyOn(onServer, "join").mockImplementationOnce(async (rooms) => {
      const revoked = await postForm(`${server.url}/admin/users`, { intent: "revoke", userId: me.user.id, role: "COMMISSIONER" }, admin.cookie);
      expect(revoked.status).toBe(200);
      return join(rooms);
    });
    expect(await emit(socket, "room:join", { room })).toEqual({ ok: false, error: "You cannot join this room" });
    await publishAndSettle(room, 1);
    expect(events.filter((e) => e.room === room)).toEqual([]);
  });
});

/** Events recorded in a room while a client was away (straight into the log: quicker than publishing each). */
async function missedWhileAway(room: ReturnType<typeof meetingRoom>, count: number, from: number) {
  await db.realtimeEvent.createMany({ data: Array.from({ length: count }, (_, i) => ({ room, name: "meeting:attendance", payload: { attended: from + i } })) });
  return (await db.realtimeEvent.findFirst({ where: { room }, orderBy: { id: "desc" }, select: { id: true } }))!.id.toString();
}

describe("resuming after a long absence", () => {
  it("replays every missed event up to the limit; past it, tells the client to reload and where to resume from", async () => {
    const { socket } = await organiser();
    const [full, over] = [meetingRoom(crypto.randomUUID()), meetingRoom(crypto.randomUUID())];
    const seen = await Promise.all([full, over].map((room) => server.publisher.publish(room, "meeting:attendance", { attended: 0 })));
    await missedWhileAway(full, MAX_RESUME, 1);
    const latest = await missedWhileAway(over, MAX_RESUME + 1, 1);

    const replayed = await emit(socket, "room:join", { room: full, afterId: seen[0].id });
    expect(replayed).toMatchObject({ ok: true, stale: false });
    expect(replayed.missed!.map((e) => (e.payload as { attended: number }).attended)).toEqual(Array.from({ length: MAX_RESUME }, (_, i) => i + 1));

    expect(await emit(socket, "room:join", { room: over, afterId: seen[1].id })).toEqual({ ok: true, stale: true, missed: [], lastId: latest });
  });
});

/** Counts the answers a socket gets to its joins: how a test knows a page's join went through. */
function countJoinAnswers(socket: Socket) {
  const count = { answered: 0 };
  const emit = socket.emit.bind(socket);
  socket.emit = ((event: string, ...args: unknown[]) => {
    const ack = args.at(-1);
    if (event === "room:join" && typeof ack === "function") {
      args[args.length - 1] = (answer: unknown) => {
        ack(answer);
        count.answered++;
      };
    }
    return emit(event, ...args);
  }) as Socket["emit"];
  return count;
}

describe("a page resuming", () => {
  it("gets what it missed while away even if the room had no events when it joined", async () => {
    const { socket } = await organiser();
    const joins = countJoinAnswers(socket);
    const room = meetingRoom(crypto.randomUUID());
    const shown: number[] = [];
    let reloads = 0;
    const stop = follow(socket, room, {
      watchOnly: false,
      read: (message) => message,
      onEvent: (event) => shown.push((event.payload as { attended: number }).attended),
      reload: () => reloads++,
    });
    await until(() => joins.answered === 1);
    socket.disconnect();
    await server.publisher.publish(room, "meeting:attendance", { attended: 1 });
    socket.connect();
    await until(() => joins.answered === 2);
    expect(shown).toEqual([1]);
    expect(reloads).toBe(0);
    stop();
  });
});

describe("a page resuming after a long absence", () => {
  it("reloads its data instead of taking part of what it missed, then follows on from the reload", async () => {
    const { socket } = await organiser();
    const joins = countJoinAnswers(socket);
    const room = meetingRoom(crypto.randomUUID());
    const shown: number[] = [];
    let reloads = 0;
    const stop = follow(socket, room, {
      watchOnly: false,
      read: (message) => message,
      onEvent: (event) => shown.push((event.payload as { attended: number }).attended),
      reload: () => reloads++,
    });
    await until(() => joins.answered === 1);
    await server.publisher.publish(room, "meeting:attendance", { attended: 0 });
    await until(() => shown.length === 1);

    socket.disconnect();
    await missedWhileAway(room, MAX_RESUME + 1, 1);
    socket.connect();
    await until(() => joins.answered === 2);
    expect(reloads).toBe(1);
    expect(shown).toEqual([0]);

    // Reconnecting again resumes from the reload: nothing replayed, no second reload, live again.
    socket.disconnect();
    socket.connect();
    await until(() => joins.answered === 3);
    await server.publisher.publish(room, "meeting:attendance", { attended: 1002 });
    await until(() => shown.length === 2);
    expect(shown).toEqual([0, 1002]);
    expect(reloads).toBe(1);
    stop();
  });
});

describe("retention", () => {
  it("prunes week-old events and expired sessions; a client resuming across the gap is told to reload", async () => {
    const person = await signedInUser();
    const room = `user:${person.user.id}`;
    const old = await db.realtimeEvent.create({ data: { room, name: "test", payload: {}, createdAt: new Date(Date.now() - 8 * 86_400_000) } });
    const kept = await db.realtimeEvent.create({ data: { room, name: "test", payload: {} } });
    // As in a long-running system, nothing older than the week-old event is left.
    await db.realtimeEvent.deleteMany({ where: { id: { lt: old.id } } });
    await db.session.create({ data: { id: `expired-${kept.id}`, userId: person.user.id, expiresAt: new Date(Date.now() - 60_000) } });

    await pruneEvents(db);
    await deleteExpiredSessions();
    expect(await db.realtimeEvent.findUnique({ where: { id: old.id } })).toBeNull();
    expect(await db.realtimeEvent.findUnique({ where: { id: kept.id } })).not.toBeNull();
    expect(await db.session.findUnique({ where: { id: `expired-${kept.id}` } })).toBeNull();

    const socket = client({ cookie: person.cookie });
    await connected(socket);
    const acrossTheGap = await emit(socket, "room:join", { room, afterId: (old.id - 1n).toString() });
    expect(acrossTheGap).toMatchObject({ ok: true, stale: true });
    const afterTheGap = await emit(socket, "room:join", { room, afterId: old.id.toString() });
    expect(afterTheGap).toMatchObject({ ok: true, stale: false });
    expect(afterTheGap.missed?.map((e) => e.id)).toEqual([kept.id.toString()]);
  });
});

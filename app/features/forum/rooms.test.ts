import crypto from "node:crypto";
import type { Socket } from "socket.io-client";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { ForumCategory } from "#app/generated/prisma/enums";
import { db } from "#app/utils/db.server";
import type { RealtimeMessage } from "#app/utils/realtime";
import { readRoomEvent } from "#app/utils/realtime-rooms";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";
import { joinRoom, socketClients } from "../../../test/helpers/socket-client";

let server: TestServer;
const sockets = socketClients(() => server.url);
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => sockets.closeAll());
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

async function member(category: ForumCategory = "SERVICE_USER", displayName?: string) {
  const person = await signedInUser({ roles: ["FORUM_MEMBER"], displayName });
  await db.forumMembership.create({ data: { userId: person.user.id, category, postcode: "M65JA", status: "VERIFIED", residentVerified: true } });
  return person;
}

async function room(categories: ForumCategory[] = []) {
  const slug = `room-${crypto.randomUUID().slice(0, 8)}`;
  return db.forumRoom.create({ data: { slug, name: `Room ${slug}`, description: "For testing", categories } });
}

type Ack = { ok: boolean; error?: string; messageId?: string; crisis?: boolean };
const emit = (socket: Socket, event: string, payload: unknown) => new Promise<Ack>((resolve) => socket.emit(event, payload, resolve));

/** A member's socket in the room, keeping every event it receives. */
async function inRoom(cookie: string, roomId: string) {
  const socket = await sockets.connect(cookie);
  const events: RealtimeMessage[] = [];
  socket.on("event", (e: RealtimeMessage) => events.push(e));
  const ack = await joinRoom(socket, `forum:${roomId}`);
  return { socket, events, ack };
}
const messagesIn = (events: RealtimeMessage[]) => events.flatMap((e) => readRoomEvent("forum", e)?.payload.message ?? []);

describe("who may be in a Forum room", () => {
  it("admits verified members of the right category and officers; refuses everyone else, on the page and on the socket", async () => {
    const open = await room();
    const carers = await room(["CARER"]);
    const serviceUser = await member("SERVICE_USER");
    const carer = await member("CARER");
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const stranger = await signedInUser();
    const pending = await signedInUser();
    await db.forumMembership.create({ data: { userId: pending.user.id, category: "CARER", postcode: "M65JA" } });

    expect((await getPage(`${server.url}/forum/rooms/${open.slug}`, serviceUser.cookie)).status).toBe(200);
    expect((await getPage(`${server.url}/forum/rooms/${carers.slug}`, carer.cookie)).status).toBe(200);
    expect((await getPage(`${server.url}/forum/rooms/${carers.slug}`, officer.cookie)).status).toBe(200);
    expect((await getPage(`${server.url}/forum/rooms/${carers.slug}`, serviceUser.cookie)).status).toBe(403);
    expect((await getPage(`${server.url}/forum/rooms/${open.slug}`, stranger.cookie)).status).toBe(403);
    expect((await getPage(`${server.url}/forum/rooms/${open.slug}`, pending.cookie)).status).toBe(403);
    expect((await getPage(`${server.url}/forum/rooms/${open.slug}`)).headers.get("location")).toMatch(/^\/auth\/sign-in/);

    expect((await inRoom(serviceUser.cookie, carers.id)).ack.ok).toBe(false);
    expect((await inRoom(stranger.cookie, open.id)).ack.ok).toBe(false);
    expect((await inRoom(carer.cookie, carers.id)).ack.ok).toBe(true);
    const outsider = await sockets.connect(stranger.cookie);
    expect(await emit(outsider, "forum:send", { roomId: open.id, body: "Let me in" })).toEqual({ ok: false, error: "You cannot post in this room" });
    expect((await postForm(`${server.url}/forum/rooms/${open.slug}`, { intent: "post", body: "Let me in" }, stranger.cookie)).status).toBe(403);
    expect(await db.forumMessage.count({ where: { roomId: open.id } })).toBe(0);
  });

  it("shuts out a member whose membership ends, at once, on an open socket too", async () => {
    const open = await room();
    const leaving = await member();
    const staying = await member();
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const theirs = await inRoom(leaving.cookie, open.id);
    expect(theirs.ack.ok).toBe(true);
    const left = new Promise<{ room: string }>((resolve) => theirs.socket.once("room:left", resolve));

    const membership = await db.forumMembership.findUniqueOrThrow({ where: { userId: leaving.user.id } });
    const ended = await postForm(`${server.url}/forum/members`, { intent: "end", membershipId: membership.id, reason: "Moved away" }, officer.cookie);
    expect(ended.status).toBeLessThan(400);
    expect((await left).room).toBe(`forum:${open.id}`);

    const other = await sockets.connect(staying.cookie);
    expect((await emit(other, "forum:send", { roomId: open.id, body: "After they left" })).ok).toBe(true);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(messagesIn(theirs.events).map((m) => m.body)).not.toContain("After they left");
    expect((await emit(theirs.socket, "forum:send", { roomId: open.id, body: "Still here?" })).ok).toBe(false);
    expect((await getPage(`${server.url}/forum/rooms/${open.slug}`, leaving.cookie)).status).toBe(403);
  });
});

describe("live discussion", () => {
  it("delivers messages and replies live, with typing and who is here", async () => {
    const open = await room();
    const jo = await member("SERVICE_USER", `Jo ${crypto.randomUUID().slice(0, 4)}`);
    const sam = await member("CARER", `Sam ${crypto.randomUUID().slice(0, 4)}`);
    const reader = await inRoom(sam.cookie, open.id);
    const presence: { userIds?: string[] }[] = [];
    reader.socket.on("presence", (p: { room: string; userIds?: string[] }) => p.room === `forum:${open.id}` && presence.push(p));
    const typing: { name: string }[] = [];
    reader.socket.on("forum:typing", (t: { name: string }) => typing.push(t));
    // Someone watching the room list (unread counts) hears the room but is not "here".
    const watcher = await member();
    const watching = await sockets.connect(watcher.cookie);
    const watched: RealtimeMessage[] = [];
    watching.on("event", (e: RealtimeMessage) => watched.push(e));
    expect(await new Promise((resolve) => watching.emit("room:join", { room: `forum:${open.id}`, watchOnly: true }, resolve))).toMatchObject({ ok: true });
    const writer = await inRoom(jo.cookie, open.id);
    await expect.poll(() => presence.at(-1)?.userIds?.sort(), { timeout: 5000 }).toEqual([jo.user.id, sam.user.id].sort());

    expect((await emit(writer.socket, "forum:typing", { roomId: open.id })).ok).toBe(true);
    await expect.poll(() => typing.map((t) => t.name)).toEqual([jo.user.displayName]);

    const sent = await emit(writer.socket, "forum:send", { roomId: open.id, body: "Who is going on Wednesday?" });
    expect(sent.ok).toBe(true);
    await expect.poll(() => messagesIn(reader.events).map((m) => m.body)).toContain("Who is going on Wednesday?");
    await expect.poll(() => messagesIn(watched).map((m) => m.body)).toContain("Who is going on Wednesday?");
    const replied = await emit(reader.socket, "forum:send", { roomId: open.id, body: "I am.", parentId: sent.messageId });
    expect(replied.ok).toBe(true);
    await expect.poll(() => messagesIn(writer.events).find((m) => m.id === replied.messageId)?.parentId).toBe(sent.messageId);

    // The reply notifies the author; the page shows the thread.
    expect(await db.notification.count({ where: { userId: jo.user.id, kind: "reply" } })).toBe(1);
    const page = await text(await getPage(`${server.url}/forum/rooms/${open.slug}`, jo.cookie));
    expect(page).toContain("Who is going on Wednesday?");
    expect(page).toContain(`Replies to ${jo.user.displayName}`);
  });

  it("refuses events of the wrong shape, empty or over-long messages, and writes nothing", async () => {
    const open = await room();
    const jo = await member();
    const { socket } = await inRoom(jo.cookie, open.id);
    expect((await emit(socket, "forum:send", { roomId: 5, body: "Hello" })).ok).toBe(false);
    expect(await emit(socket, "forum:send", { roomId: open.id, body: "   " })).toEqual({ ok: false, error: "Write a message" });
    expect((await emit(socket, "forum:send", { roomId: open.id, body: "x".repeat(2001) })).error).toContain("2,000 characters or fewer");
    expect((await emit(socket, "forum:send", "not an object")).ok).toBe(false);
    expect((await emit(socket, "forum:typing", { room: open.id })).ok).toBe(false);
    const form = await postForm(`${server.url}/forum/rooms/${open.slug}`, { intent: "post", body: "" }, jo.cookie);
    expect(form.status).toBe(400);
    expect(await text(form)).toContain("Write a message");
    expect(await db.forumMessage.count({ where: { roomId: open.id } })).toBe(0);
  });

  it("takes no messages, edits or reactions once archived, by form or socket; its members may still delete their own and report", async () => {
    const open = await room();
    const jo = await member();
    const sam = await member();
    const url = `${server.url}/forum/rooms/${open.slug}`;
    const { socket } = await inRoom(jo.cookie, open.id);
    const { messageId } = await emit(socket, "forum:send", { roomId: open.id, body: "Before the archive" });
    const { messageId: samsId } = await emit(socket, "forum:send", { roomId: open.id, body: "Sam's words" });
    await db.forumMessage.update({ where: { id: samsId! }, data: { authorId: sam.user.id } });
    await db.forumRoom.update({ where: { id: open.id }, data: { archivedAt: new Date() } });

    expect(await emit(socket, "forum:send", { roomId: open.id, body: "After it" })).toMatchObject({ ok: false, error: "This room is archived" });
    for (const [fields, cookie] of [
      [{ intent: "post", body: "After it" }, jo.cookie],
      [{ intent: "post", body: "A reply", parentId: messageId! }, sam.cookie],
      [{ intent: "edit", messageId: messageId!, body: "Rewritten after the archive" }, jo.cookie],
      [{ intent: "react", messageId: messageId!, emoji: "👍" }, sam.cookie],
    ] as const) {
      const refused = await postForm(url, fields, cookie);
      expect(refused.status, fields.intent).toBe(409);
      expect(await text(refused), fields.intent).toContain("This room is archived");
    }
    const page = await text(await getPage(url, jo.cookie));
    expect(page).not.toContain("Change your message");
    expect(await db.forumMessage.findMany({ where: { roomId: open.id }, select: { body: true }, orderBy: { createdAt: "asc" } })).toEqual([
      { body: "Before the archive" },
      { body: "Sam's words" },
    ]);
    expect(await db.forumReaction.count({ where: { messageId } })).toBe(0);

    expect((await postForm(url, { intent: "report", messageId: samsId!, reason: "Names someone" }, jo.cookie)).status).toBe(200);
    expect((await postForm(url, { intent: "delete", messageId: messageId! }, jo.cookie)).status).toBe(200);
    expect(await db.forumMessage.findUniqueOrThrow({ where: { id: messageId! }, select: { deletedAt: true } })).toMatchObject({ deletedAt: expect.any(Date) });
  });

  it("edits and deletes only one's own messages (a tombstone, with the text gone from stored events), and reacts once", async () => {
    const open = await room();
    const jo = await member();
    const sam = await member();
    const url = `${server.url}/forum/rooms/${open.slug}`;
    const { socket } = await inRoom(jo.cookie, open.id);
    const { messageId } = await emit(socket, "forum:send", { roomId: open.id, body: "My private worry" });

    const notMine = await postForm(url, { intent: "edit", messageId: messageId!, body: "Changed by Sam" }, sam.cookie);
    expect(notMine.status).toBe(403);
    expect((await postForm(url, { intent: "edit", messageId: messageId!, body: "My worry, edited" }, jo.cookie)).status).toBe(200);

    expect((await postForm(url, { intent: "react", messageId: messageId!, emoji: "👍" }, sam.cookie)).status).toBe(200);
    const twice = await postForm(url, { intent: "react", messageId: messageId!, emoji: "👍" }, sam.cookie);
    expect(twice.status).toBe(409);
    expect(await text(twice)).toContain("You have already reacted");
    expect((await postForm(url, { intent: "react", messageId: messageId!, emoji: "🦄" }, sam.cookie)).status).toBe(400);
    expect(await db.forumReaction.count({ where: { messageId } })).toBe(1);

    expect((await postForm(url, { intent: "delete", messageId: messageId! }, sam.cookie)).status).toBe(403);
    expect((await postForm(url, { intent: "delete", messageId: messageId! }, jo.cookie)).status).toBe(200);
    const page = await text(await getPage(url, sam.cookie));
    expect(page).toContain("This message was deleted by its author.");
    expect(page).not.toContain("My worry");
    const stored = await db.realtimeEvent.findMany({ where: { room: `forum:${open.id}` } });
    expect(JSON.stringify(stored.map((e) => e.payload))).not.toMatch(/worry/);
  });

  it("keeps no earlier wording of an edited message in the events replayed to reconnecting members", async () => {
    const open = await room();
    const jo = await member();
    const sam = await member();
    const writer = await inRoom(jo.cookie, open.id);
    const before = await inRoom(sam.cookie, open.id);
    const lastSeen = before.ack.lastId ?? "0";
    before.socket.close();
    const sent = await emit(writer.socket, "forum:send", { roomId: open.id, body: "First wording, regretted" });
    expect(
      (await postForm(`${server.url}/forum/rooms/${open.slug}`, { intent: "edit", messageId: sent.messageId!, body: "Second wording" }, jo.cookie)).status,
    ).toBe(200);
    const stored = await db.realtimeEvent.findMany({ where: { room: `forum:${open.id}` } });
    expect(JSON.stringify(stored.map((e) => e.payload))).not.toContain("regretted");
    // A member coming back gets the message once, as it now reads.
    const back = await sockets.connect(sam.cookie);
    const ack = await joinRoom(back, `forum:${open.id}`, lastSeen);
    expect(messagesIn(ack.missed ?? []).map((m) => m.body)).toEqual(["Second wording"]);
  });

  it("gives a reconnecting member exactly the messages they missed", async () => {
    const open = await room();
    const jo = await member();
    const sam = await member();
    const writer = await inRoom(jo.cookie, open.id);
    await emit(writer.socket, "forum:send", { roomId: open.id, body: "Before you left" });
    const reader = await inRoom(sam.cookie, open.id);
    await emit(writer.socket, "forum:send", { roomId: open.id, body: "Seen live" });
    await expect.poll(() => reader.events.length).toBe(1);
    const lastSeen = reader.events.at(-1)!.id;
    reader.socket.close();
    await emit(writer.socket, "forum:send", { roomId: open.id, body: "Missed one" });
    await emit(writer.socket, "forum:send", { roomId: open.id, body: "Missed two" });
    const back = await sockets.connect(sam.cookie);
    const ack = await joinRoom(back, `forum:${open.id}`, lastSeen);
    expect(messagesIn(ack.missed ?? []).map((m) => m.body)).toEqual(["Missed one", "Missed two"]);
  });
});

describe("unread counts, mentions, announcements and safeguarding", () => {
  it("counts unread messages per room until the member opens it", async () => {
    const open = await room();
    const jo = await member();
    const sam = await member();
    const { socket } = await inRoom(jo.cookie, open.id);
    await getPage(`${server.url}/forum/rooms/${open.slug}`, sam.cookie); // read up to now
    await emit(socket, "forum:send", { roomId: open.id, body: "One" });
    await emit(socket, "forum:send", { roomId: open.id, body: "Two" });
    expect(await text(await getPage(`${server.url}/forum/rooms`, sam.cookie))).toMatch(new RegExp(`data-testid="unread-${open.slug}"[^>]*>2 unread`));
    await getPage(`${server.url}/forum/rooms/${open.slug}`, sam.cookie);
    expect(await text(await getPage(`${server.url}/forum/rooms`, sam.cookie))).not.toContain(`unread-${open.slug}`);
  });

  it("notifies mentioned members and everyone at an announcement; signposts and alerts on crisis words", async () => {
    const open = await room();
    const jo = await member("SERVICE_USER", `Jo Mention ${crypto.randomUUID().slice(0, 4)}`);
    const sam = await member();
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const { socket } = await inRoom(sam.cookie, open.id);
    await emit(socket, "forum:send", { roomId: open.id, body: `Thanks @${jo.user.displayName.toLowerCase()} for the lift` });
    expect(await db.notification.count({ where: { userId: jo.user.id, kind: "mention" } })).toBe(1);

    const { messageId } = await emit(socket, "forum:send", { roomId: open.id, body: "The Forum meets on Tuesday." });
    expect((await postForm(`${server.url}/forum/rooms/${open.slug}`, { intent: "pin", messageId: messageId! }, sam.cookie)).status).toBe(403);
    expect((await postForm(`${server.url}/forum/rooms/${open.slug}`, { intent: "pin", messageId: messageId! }, officer.cookie)).status).toBe(200);
    expect(await db.notification.count({ where: { userId: jo.user.id, kind: "announcement" } })).toBe(1);
    expect(await text(await getPage(`${server.url}/forum/rooms/${open.slug}`, jo.cookie))).toMatch(/Announcements<\/h2>.*The Forum meets on Tuesday\./s);

    const crisis = await emit(socket, "forum:send", { roomId: open.id, body: "I want to end my life" });
    expect(crisis).toMatchObject({ ok: true, crisis: true });
    expect(await db.safeguardingAlert.count({ where: { messageId: crisis.messageId } })).toBe(1);
    expect(await db.notification.count({ where: { userId: officer.user.id, kind: "safeguarding" } })).toBe(1);
    expect(await text(await getPage(`${server.url}/forum/rooms`, officer.cookie))).toContain("I want to end my life");
  });

  it("hides a message at three reports, and lets officers hide and restore with a reason, audited", async () => {
    const open = await room();
    const author = await member();
    const reporters = await Promise.all([member(), member(), member()]);
    const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const url = `${server.url}/forum/rooms/${open.slug}`;
    const { socket } = await inRoom(author.cookie, open.id);
    const { messageId } = await emit(socket, "forum:send", { roomId: open.id, body: "Something unkind" });
    const results = await Promise.all(reporters.map((r) => postForm(url, { intent: "report", messageId: messageId!, reason: "Unkind to a member" }, r.cookie)));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    expect((await postForm(url, { intent: "report", messageId: messageId!, reason: "Again" }, reporters[0].cookie)).status).toBe(409);
    const hidden = await db.forumMessage.findUniqueOrThrow({ where: { id: messageId } });
    expect(hidden.moderation).toBe("HIDDEN");
    expect(await db.moderationAction.findMany({ where: { messageId }, select: { action: true } })).toEqual([{ action: "AUTO_HIDE" }]);
    expect(await text(await getPage(url, reporters[1].cookie))).not.toContain("Something unkind");

    expect((await postForm(url, { intent: "restore", messageId: messageId!, reason: "Reviewed" }, reporters[1].cookie)).status).toBe(403);
    expect((await postForm(url, { intent: "restore", messageId: messageId!, reason: "Reviewed: fair comment" }, officer.cookie)).status).toBe(200);
    expect((await db.forumMessage.findUniqueOrThrow({ where: { id: messageId } })).moderation).toBe("VISIBLE");
    expect(
      (await db.moderationAction.findMany({ where: { messageId }, orderBy: { createdAt: "asc" }, select: { action: true, actorId: true } })).at(-1),
    ).toEqual({ action: "RESTORE", actorId: officer.user.id });
  });
});

import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { inTransaction } from "#app/utils/outbox.server";
import { userRoom } from "#app/features/accounts/accounts.events";
import type { Publisher, RealtimeMessage } from "#app/utils/realtime";
import { startTestServer, type TestServer } from "../../test/helpers/app-server";
import { signedInUser } from "../../test/helpers/factories";
import { joinRoom, socketClients } from "../../test/helpers/socket-client";

let server: TestServer;
const sockets = socketClients(() => server.url);
beforeAll(async () => {
  server = await startTestServer();
});
afterEach(() => sockets.closeAll());
afterAll(() => server.close());

/** A process that commits and then dies before it can publish. */
const diesAfterCommit: Publisher = {
  publish: () => Promise.reject(new Error("not used")),
  release: () => Promise.reject(new Error("the process died")),
};

async function listener(room: string, cookie: string) {
  const socket = await sockets.connect(cookie);
  const events: RealtimeMessage[] = [];
  socket.on("event", (e: RealtimeMessage) => events.push(e));
  expect((await joinRoom(socket, room)).ok).toBe(true);
  return events;
}

describe("the realtime outbox", () => {
  it("publishes an event whose process died between commit and publication exactly once, whoever sweeps", async () => {
    const person = await signedInUser();
    const room = userRoom(person.user.id);
    const events = await listener(room, person.cookie);
    await inTransaction(diesAfterCommit, async (tx, outbox) => {
      await tx.auditEvent.create({ data: { actorId: person.user.id, action: "test.committed", subject: room } });
      await outbox.event(room, "notification:new", { kind: "reply" });
    });
    expect(await db.auditEvent.count({ where: { action: "test.committed", subject: room } })).toBe(1);
    expect(await db.realtimeEvent.count({ where: { room } })).toBe(0);
    expect(await db.pendingRealtimeEvent.count({ where: { room } })).toBe(1);

    // Sweeps leave young events to the process that committed them; this one has waited.
    await db.pendingRealtimeEvent.updateMany({ where: { room }, data: { createdAt: new Date(Date.now() - 10_000) } });
    const swept = await Promise.all([server.publisher.release(), server.publisher.release(), server.publisher.release()]);
    expect(swept.flat().filter((m) => m.room === room)).toHaveLength(1);
    expect(await db.realtimeEvent.count({ where: { room } })).toBe(1);
    expect(await db.pendingRealtimeEvent.count({ where: { room } })).toBe(0);
    await expect.poll(() => events.length).toBe(1);
    expect(events[0]).toMatchObject({ room, name: "notification:new", payload: { kind: "reply" } });
    await new Promise((r) => setTimeout(r, 200));
    expect(events).toHaveLength(1);
  });

  it("publishes nothing for a change that rolls back", async () => {
    const person = await signedInUser();
    const room = userRoom(person.user.id);
    await expect(
      inTransaction(server.publisher, async (_tx, outbox) => {
        await outbox.event(room, "notification:new", { kind: "mention" });
        throw new Error("the change failed");
      }),
    ).rejects.toThrow("the change failed");
    expect(await db.pendingRealtimeEvent.count({ where: { room } })).toBe(0);
    expect(await db.realtimeEvent.count({ where: { room } })).toBe(0);
  });

  it("is swept at start-up: a new process publishes what a dead one left", async () => {
    const person = await signedInUser();
    const room = userRoom(person.user.id);
    await inTransaction(diesAfterCommit, (_tx, outbox) => outbox.event(room, "notification:new", { kind: "announcement" }));
    await db.pendingRealtimeEvent.updateMany({ where: { room }, data: { createdAt: new Date(Date.now() - 10_000) } });
    const restarted = await startTestServer();
    try {
      await expect.poll(() => db.realtimeEvent.count({ where: { room, name: "notification:new" } }), { timeout: 10_000 }).toBe(1);
      expect(await db.pendingRealtimeEvent.count({ where: { room } })).toBe(0);
    } finally {
      await restarted.close();
    }
  });
});

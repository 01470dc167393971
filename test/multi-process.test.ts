import crypto from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "~/utils/db.server";
import type { RealtimeMessage } from "~/utils/realtime";
import { startAppProcess, type AppProcess } from "./helpers/app-process";
import { createProposal } from "./helpers/consultations";
import { postForm, signedInUser } from "./helpers/factories";

// Two real app processes share one PostgreSQL; an event published by one must reach a
// socket connected to the other (the @socket.io/postgres-adapter path).

const startProcess = () => startAppProcess({ SOCKET_ADAPTER: "postgres", SEED_DEMO_DATA: "false" });
type Proc = AppProcess;
const stop = (proc: Proc) => proc.stop();

let a: Proc;
let b: Proc;
beforeAll(async () => {
  [a, b] = await Promise.all([startProcess(), startProcess()]);
}, 60_000);
afterAll(async () => {
  await Promise.all([a, b].filter(Boolean).map(stop));
});

describe("two app processes on one database", () => {
  it("delivers an event published on one process to a client connected to the other", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const member = await signedInUser();
    const socket: Socket = connect(b.url, { transports: ["websocket"], extraHeaders: { Cookie: member.cookie }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const received = new Promise<RealtimeMessage>((resolve) => socket.on("event", resolve));
      const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit("room:join", { room: `user:${member.user.id}` }, resolve));
      expect(ack.ok).toBe(true);

      const response = await postForm(`${a.url}/admin/users`, { intent: "grant", userId: member.user.id, role: "FORUM_MEMBER" }, admin.cookie);
      expect(response.status).toBe(200);
      const event = await Promise.race([
        received,
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("no event reached process B")), 10_000)),
      ]);
      expect(event).toMatchObject({ name: "account:roles-changed", payload: { role: "FORUM_MEMBER" } });
    } finally {
      socket.close();
    }
  });

  it("closes a socket on one process when its session is signed out on the other", async () => {
    const member = await signedInUser();
    const socket: Socket = connect(b.url, { transports: ["websocket"], extraHeaders: { Cookie: member.cookie }, reconnection: false });
    try {
      await new Promise<void>((resolve, reject) => {
        socket.once("connect", resolve);
        socket.once("connect_error", reject);
      });
      const closed = new Promise<void>((resolve) => socket.once("disconnect", () => resolve()));
      expect((await postForm(`${a.url}/auth/sign-out`, {}, member.cookie)).status).toBe(302);
      await Promise.race([closed, new Promise<never>((_, reject) => setTimeout(() => reject(new Error("the socket on B stayed open")), 10_000))]);
    } finally {
      socket.close();
    }
  });

  it("loses and doubles nothing when a process is killed while people post: each comment stored once, with one event", async () => {
    const { proposal } = await createProposal();
    const room = `proposal:${proposal.id}`;
    let victim = await startProcess();
    const writers = await Promise.all(Array.from({ length: 4 }, () => signedInUser()));
    const POSTS_EACH = 6;

    // A reader on the surviving process B, counting live events per comment.
    const reader: Socket = connect(b.url, { transports: ["websocket"], reconnection: false });
    const live = new Map<string, number>();
    reader.on("event", (e: RealtimeMessage) => {
      if (e.name === "comment:created") live.set(String(e.payload.commentId), (live.get(String(e.payload.commentId)) ?? 0) + 1);
    });
    await new Promise<void>((resolve, reject) => {
      reader.once("connect", resolve);
      reader.once("connect_error", reject);
    });
    expect((await new Promise<{ ok: boolean }>((resolve) => reader.emit("room:join", { room }, resolve))).ok).toBe(true);

    let acknowledged = 0;
    let killed = false;
    const killedVictim = new Promise<void>((resolve) => victim.child.once("exit", () => resolve()));
    // Each writer posts in turn; a post whose answer never came (the process died) is sent
    // again, with the same idempotency key, to the other process until it is answered.
    const write = async (writer: (typeof writers)[number], w: number) => {
      for (let i = 0; i < POSTS_EACH; i++) {
        const fields = { intent: "comment", body: `Writer ${w}, point ${i}`, idempotencyKey: crypto.randomUUID() };
        for (let target = victim.url; ; target = a.url) {
          try {
            const response = await postForm(`${target}/proposals/${proposal.slug}`, fields, writer.cookie);
            if (response.status === 302) break;
          } catch {
            // connection refused or reset: the process is gone
          }
        }
        if (++acknowledged >= 6 && !killed) {
          killed = true;
          victim.child.kill("SIGKILL");
        }
      }
    };
    await Promise.all(writers.map(write));
    await killedVictim;
    expect(victim.child.signalCode).toBe("SIGKILL");

    // No duplicate, nothing lost.
    const comments = await db.comment.findMany({ where: { proposalId: proposal.id }, select: { id: true, body: true } });
    expect(comments).toHaveLength(writers.length * POSTS_EACH);
    expect(new Set(comments.map((c) => c.body)).size).toBe(writers.length * POSTS_EACH);

    // The restarted app, and the sweepers on every process, publish what the dead one left.
    victim = await startProcess();
    try {
      await expect
        .poll(async () => (await db.realtimeEvent.findMany({ where: { room, name: "comment:created" }, select: { payload: true } })).length, { timeout: 20_000 })
        .toBe(comments.length);
      const events = await db.realtimeEvent.findMany({ where: { room, name: "comment:created" }, select: { payload: true } });
      expect(new Set(events.map((e) => (e.payload as { commentId: string }).commentId))).toEqual(new Set(comments.map((c) => c.id)));
      expect(await db.pendingRealtimeEvent.count({ where: { room } })).toBe(0);
      // Broadcast once overall: no live event reached the reader twice.
      expect([...live.values()].every((n) => n === 1)).toBe(true);

      const page = await (await fetch(`${victim.url}/proposals/${proposal.slug}`)).text();
      for (let w = 0; w < writers.length; w++) expect(page).toContain(`Writer ${w}, point ${POSTS_EACH - 1}`);
    } finally {
      reader.close();
      await victim.stop();
    }
  }, 120_000);

  it("shuts down cleanly on SIGTERM", async () => {
    const extra = await startProcess();
    const exit = new Promise<number | null>((resolve) => extra.child.once("exit", (code) => resolve(code)));
    extra.child.kill("SIGTERM");
    const code = await exit;
    expect(code, extra.output.join("")).toBe(0);
  });
});

import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import type { RealtimeMessage } from "#app/utils/realtime";
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
        .poll(async () => (await db.realtimeEvent.findMany({ where: { room, name: "comment:created" }, select: { payload: true } })).length, {
          timeout: 20_000,
        })
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
    // "close" comes once its output is read too, so a failure shows what the process said.
    const exit = new Promise<number | null>((resolve) => extra.child.once("close", (code) => resolve(code)));
    extra.child.kill("SIGTERM");
    const code = await exit;
    expect(code, extra.output.join("")).toBe(0);
  });
});

describe("npm start with two workers (WEB_CONCURRENCY=2)", () => {
  it("starts the embedded database once, serves from both workers on one port, and carries live events and fresh threads across them", async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-workers-"));
    fs.chmodSync(dataDir, 0o755); // the embedded PostgreSQL runs as another user
    // No DATABASE_URL: the primary starts the embedded PostgreSQL, migrates and seeds, then forks.
    const app = await startAppProcess(
      { WEB_CONCURRENCY: "2", DATABASE_URL: "", SOCKET_ADAPTER: "", DATA_DIR: dataDir, SEED_DEMO_DATA: "true", LOG_LEVEL: "info", NODE_ENV: "production" },
      { timeoutMs: 180_000 },
    );
    const sockets: Socket[] = [];
    try {
      const output = () => app.output.join("");
      await expect.poll(() => [...output().matchAll(/Touchstone is ready/g)].length, { timeout: 60_000 }).toBe(2);
      expect([...output().matchAll(/embedded PostgreSQL started/g)]).toHaveLength(1);
      const pids = new Set([...output().matchAll(/"pid":(\d+)[^\n]*Touchstone is ready/g)].map((m) => m[1]));
      expect(pids.size).toBe(2);

      const signIn = await fetch(`${app.url}/auth/sign-in`, {
        method: "POST",
        redirect: "manual",
        body: new URLSearchParams({ email: "member@example.org", password: "touchstone-demo" }),
      });
      const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
      const slug = "mental-health-commissioning-arrangements";
      const data = (await (
        await fetch(`${app.url}/proposals/${slug}?_data=${encodeURIComponent("routes/proposals+/$slug")}`, { headers: { cookie } })
      ).json()) as { proposal: { id: string } };
      const room = `proposal:${data.proposal.id}`;

      // Connections are handed to the workers in turn, so two sockets sit on different workers.
      const received: Promise<RealtimeMessage>[] = [];
      for (let i = 0; i < 2; i++) {
        const socket: Socket = connect(app.url, { transports: ["websocket"], extraHeaders: { Cookie: cookie }, reconnection: false });
        sockets.push(socket);
        await new Promise<void>((resolve, reject) => {
          socket.once("connect", resolve);
          socket.once("connect_error", reject);
        });
        received.push(new Promise((resolve) => socket.on("event", (event: RealtimeMessage) => event.name === "comment:created" && resolve(event))));
        const ack = await new Promise<{ ok: boolean }>((resolve) => socket.emit("room:join", { room }, resolve));
        expect(ack.ok).toBe(true);
      }
      // Long polling would need every request of a connection on one worker: it is refused.
      const polling = await fetch(`${app.url}/socket.io/?EIO=4&transport=polling`);
      expect(polling.status).toBe(400);

      // Both workers have the thread's shared render before the comment.
      for (let i = 0; i < 4; i++)
        expect(await (await fetch(`${app.url}/proposals/${slug}`, { headers: { cookie } })).text()).not.toContain("Seen by both workers");
      const posted = await postForm(`${app.url}/proposals/${slug}`, { intent: "comment", body: "Seen by both workers." }, cookie);
      expect(posted.status).toBe(302);
      const events = await Promise.race([
        Promise.all(received),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error("an event did not reach both workers")), 10_000)),
      ]);
      expect(events.map((e) => e.payload.commentId)).toEqual([events[0].payload.commentId, events[0].payload.commentId]);
      // Whichever worker answers, the new comment is in the page: the other worker's render was dropped.
      for (let i = 0; i < 4; i++)
        expect(await (await fetch(`${app.url}/proposals/${slug}`, { headers: { cookie } })).text()).toContain("Seen by both workers.");
    } finally {
      for (const socket of sockets) socket.close();
      const exit = new Promise<number | null>((resolve) =>
        app.child.exitCode !== null ? resolve(app.child.exitCode) : app.child.once("exit", (code) => resolve(code)),
      );
      app.child.kill("SIGTERM");
      expect(await exit, app.output.join("")).toBe(0);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

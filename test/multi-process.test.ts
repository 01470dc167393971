import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RealtimeMessage } from "~/utils/realtime";
import { startAppProcess, type AppProcess } from "./helpers/app-process";
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

  it("shuts down cleanly on SIGTERM", async () => {
    const extra = await startProcess();
    const exit = new Promise<number | null>((resolve) => extra.child.once("exit", (code) => resolve(code)));
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
    const app = await startAppProcess({ WEB_CONCURRENCY: "2", DATABASE_URL: "", SOCKET_ADAPTER: "", DATA_DIR: dataDir, SEED_DEMO_DATA: "true", LOG_LEVEL: "info", NODE_ENV: "production" }, { timeoutMs: 180_000 });
    const sockets: Socket[] = [];
    try {
      const output = () => app.output.join("");
      await expect.poll(() => [...output().matchAll(/Touchstone is ready/g)].length, { timeout: 60_000 }).toBe(2);
      expect([...output().matchAll(/embedded PostgreSQL started/g)]).toHaveLength(1);
      const pids = new Set([...output().matchAll(/"pid":(\d+)[^\n]*Touchstone is ready/g)].map((m) => m[1]));
      expect(pids.size).toBe(2);

      const signIn = await fetch(`${app.url}/auth/sign-in`, { method: "POST", redirect: "manual", body: new URLSearchParams({ email: "member@example.org", password: "touchstone-demo" }) });
      const cookie = signIn.headers.get("set-cookie")!.split(";")[0];
      const slug = "mental-health-commissioning-arrangements";
      const data = (await (await fetch(`${app.url}/proposals/${slug}?_data=${encodeURIComponent("routes/proposals+/$slug")}`, { headers: { cookie } })).json()) as { proposal: { id: string } };
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
      for (let i = 0; i < 4; i++) expect(await (await fetch(`${app.url}/proposals/${slug}`, { headers: { cookie } })).text()).not.toContain("Seen by both workers");
      const posted = await postForm(`${app.url}/proposals/${slug}`, { intent: "comment", body: "Seen by both workers." }, cookie);
      expect(posted.status).toBe(302);
      const events = await Promise.race([Promise.all(received), new Promise<never>((_, reject) => setTimeout(() => reject(new Error("an event did not reach both workers")), 10_000))]);
      expect(events.map((e) => e.payload.commentId)).toEqual([events[0].payload.commentId, events[0].payload.commentId]);
      // Whichever worker answers, the new comment is in the page: the other worker's render was dropped.
      for (let i = 0; i < 4; i++) expect(await (await fetch(`${app.url}/proposals/${slug}`, { headers: { cookie } })).text()).toContain("Seen by both workers.");
    } finally {
      for (const socket of sockets) socket.close();
      const exit = new Promise<number | null>((resolve) => (app.child.exitCode !== null ? resolve(app.child.exitCode) : app.child.once("exit", (code) => resolve(code))));
      app.child.kill("SIGTERM");
      expect(await exit, app.output.join("")).toBe(0);
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }, 240_000);
});

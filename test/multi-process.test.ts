import { spawn, type ChildProcess } from "node:child_process";
import { io as connect, type Socket } from "socket.io-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RealtimeMessage } from "~/utils/realtime";
import { freePort } from "./helpers/free-port";
import { postForm, signedInUser } from "./helpers/factories";

// Two real app processes share one PostgreSQL; an event published by one must reach a
// socket connected to the other (the @socket.io/postgres-adapter path).

type Proc = { child: ChildProcess; url: string; output: string[] };

async function startProcess(): Promise<Proc> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: url,
      SOCKET_ADAPTER: "postgres",
      SEED_DEMO_DATA: "false",
      LOG_LEVEL: "warn",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => output.push(String(chunk)));
  child.stderr!.on("data", (chunk) => output.push(String(chunk)));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited: ${output.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url, output };
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start: ${output.join("")}`);
}

function stop(proc: Proc) {
  return new Promise<void>((resolve) => {
    if (proc.child.exitCode !== null) return resolve();
    proc.child.once("exit", () => resolve());
    proc.child.kill("SIGTERM");
  });
}

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

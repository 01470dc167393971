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

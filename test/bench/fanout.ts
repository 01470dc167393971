// npm run bench:fanout — 1,000 authenticated socket clients in one proposal room; 50
// comments posted through the real form action, one after another. Latency is from
// sending the request to the last client receiving the event; "raw" is a bare socket.io
// broadcast of the same payload to the same clients in the same run.
// Prints: RESULT fanout clients=1000 p50_ms=<n> p95_ms=<n> raw_p95_ms=<n>
import crypto from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { percentile, signInCookie, startBenchServer } from "./bench-server";
import type { RealtimeMessage } from "#app/utils/realtime";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 1000);
const POSTS = 50;
const server = await startBenchServer("touchstone_bench_fanout");
const sockets: Socket[] = [];
try {
  const proposal = await server.db.proposal.findUniqueOrThrow({ where: { slug: "mental-health-commissioning-arrangements" } });
  const room = `proposal:${proposal.id}`;
  // One real session per client: 1,000 people signed in.
  const reader = await server.db.user.findUniqueOrThrow({ where: { email: "resident@example.org" } });
  const sessionIds = Array.from({ length: CLIENTS }, () => crypto.randomBytes(20).toString("hex"));
  await server.db.session.createMany({ data: sessionIds.map((id) => ({ id, userId: reader.id, expiresAt: new Date(Date.now() + 86_400_000) })) });

  let received = 0;
  let onAllReceived: (() => void) | null = null;
  const expectAll = () =>
    new Promise<void>((resolve) => {
      received = 0;
      onAllReceived = resolve;
    });
  const count = () => {
    if (++received === CLIENTS) onAllReceived?.();
  };
  for (let i = 0; i < CLIENTS; i += 100) {
    const batch = sessionIds.slice(i, i + 100).map((id) => {
      const socket = connect(server.url, {
        transports: ["websocket"],
        extraHeaders: { Cookie: `touchstone_session=${id}` },
        reconnection: false,
        forceNew: true,
      });
      sockets.push(socket);
      socket.on("event", count);
      return new Promise<void>((resolve, reject) => {
        socket.once("connect", () => socket.emit("room:join", { room }, (ack: { ok: boolean }) => (ack.ok ? resolve() : reject(new Error("join refused")))));
        socket.once("connect_error", reject);
      });
    });
    await Promise.all(batch);
  }
  await new Promise((r) => setTimeout(r, 1500)); // let presence updates settle

  const writer = await signInCookie(server.url, "member@example.org");
  const measured: number[] = [];
  let payload: RealtimeMessage | null = null;
  for (let i = 0; i < POSTS; i++) {
    const all = expectAll();
    const started = performance.now();
    const response = await fetch(`${server.url}/proposals/${proposal.slug}`, {
      method: "POST",
      redirect: "manual",
      headers: { Cookie: writer, "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ intent: "comment", body: `Fan-out comment ${i}` }),
    });
    if (response.status !== 302) throw new Error(`post failed: ${response.status}`);
    await all;
    measured.push(performance.now() - started);
    payload ??= { id: "0", room, name: "comment:created", payload: { commentId: "x", parentId: null, sectionId: null, authorId: "y" } };
  }

  const raw: number[] = [];
  for (let i = 0; i < POSTS; i++) {
    const all = expectAll();
    const started = performance.now();
    server.io.to(room).emit("event", payload!);
    await all;
    raw.push(performance.now() - started);
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  console.log(
    `RESULT fanout clients=${CLIENTS} p50_ms=${r(percentile(measured, 0.5))} p95_ms=${r(percentile(measured, 0.95))} raw_p95_ms=${r(percentile(raw, 0.95))} raw_p50_ms=${r(percentile(raw, 0.5))}`,
  );
} finally {
  sockets.forEach((s) => s.close());
  await server.stop();
}

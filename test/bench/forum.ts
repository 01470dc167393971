// npm run bench:forum — 500 signed-in member sockets in one Forum room; 200 messages sent
// one after another over the socket by another member. Latency is from sending to the last
// of the 500 receiving the message. Prints: RESULT forum clients=500 p95_ms=<n> p50_ms=<n>
import crypto from "node:crypto";
import { io as connect, type Socket } from "socket.io-client";
import { percentile, startBenchServer } from "./bench-server";

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 500);
const MESSAGES = 200;
const server = await startBenchServer("touchstone_bench_forum");
const sockets: Socket[] = [];

function openSocket(sessionId: string) {
  const socket = connect(server.url, {
    transports: ["websocket"],
    extraHeaders: { Cookie: `touchstone_session=${sessionId}` },
    reconnection: false,
    forceNew: true,
  });
  sockets.push(socket);
  return socket;
}

try {
  const room = await server.db.forumRoom.findUniqueOrThrow({ where: { slug: "general" } });
  const roomName = `forum:${room.id}`;
  const [reader, writer] = await Promise.all(
    ["member@example.org", "carer@example.org"].map((email) => server.db.user.findUniqueOrThrow({ where: { email } })),
  );
  const sessionIds = Array.from({ length: CLIENTS + 1 }, () => crypto.randomBytes(20).toString("hex"));
  await server.db.session.createMany({
    data: sessionIds.map((id, i) => ({ id, userId: i === CLIENTS ? writer.id : reader.id, expiresAt: new Date(Date.now() + 86_400_000) })),
  });

  let received = 0;
  let onAll: (() => void) | null = null;
  const expectAll = () =>
    new Promise<void>((resolve) => {
      received = 0;
      onAll = resolve;
    });
  const join = (socket: Socket) =>
    new Promise<void>((resolve, reject) => {
      socket.once("connect", () =>
        socket.emit("room:join", { room: roomName }, (ack: { ok: boolean }) => (ack.ok ? resolve() : reject(new Error("join refused")))),
      );
      socket.once("connect_error", reject);
    });
  for (let i = 0; i < CLIENTS; i += 100) {
    await Promise.all(
      sessionIds.slice(i, Math.min(i + 100, CLIENTS)).map((id) => {
        const socket = openSocket(id);
        socket.on("event", (event: { name: string }) => event.name === "forum:message" && ++received === CLIENTS && onAll?.());
        return join(socket);
      }),
    );
  }
  const sender = openSocket(sessionIds[CLIENTS]);
  await join(sender);
  await new Promise((r) => setTimeout(r, 1500)); // let presence updates settle

  const measured: number[] = [];
  for (let i = 0; i < MESSAGES; i++) {
    const all = expectAll();
    const started = performance.now();
    const ack = await new Promise<{ ok: boolean; error?: string }>((resolve) =>
      sender.emit("forum:send", { roomId: room.id, body: `Message ${i} for everyone` }, resolve),
    );
    if (!ack.ok) throw new Error(`send refused: ${ack.error}`);
    await all;
    measured.push(performance.now() - started);
  }
  const r = (n: number) => Math.round(n * 10) / 10;
  console.log(`RESULT forum clients=${CLIENTS} p95_ms=${r(percentile(measured, 0.95))} p50_ms=${r(percentile(measured, 0.5))}`);
} finally {
  sockets.forEach((s) => s.close());
  await server.stop();
}

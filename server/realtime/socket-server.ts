import type http from "node:http";
import { createAdapter } from "@socket.io/postgres-adapter";
import pg from "pg";
import { Server } from "socket.io";
import { z } from "zod";
import { authenticateCookieHeader, readSessionId } from "#app/utils/auth.server";
import type { Db } from "#app/utils/db.server";
import type { RealtimeMessage } from "#app/utils/realtime";
import { parseRoom } from "#app/utils/realtime-rooms";
import { eventsSince, resumeIsStale, resumePoint } from "./publisher";
import { sessionRoom, signedInRoom } from "./live-connections";
import { createPresence } from "./presence";
import { canJoinRoom, countsPresence } from "./room-access";
import { on, type RealtimeServer } from "./socket-events";

// Shaped like a room name; whether it is a registered kind's is room access's question.
const RoomName = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[a-z-]+:[A-Za-z0-9_-]+$/, "Unknown room");
const MAX_EVENT_ID = 2n ** 63n - 1n;
const JoinSchema = z.object({
  room: RoomName,
  // An event id (the event log's bigint): anything larger could name no event, and would fail the read.
  afterId: z
    .string()
    .regex(/^\d{1,19}$/, "Not an event id")
    .refine((id) => BigInt(id) <= MAX_EVENT_ID, "Not an event id")
    .optional(),
  watchOnly: z.boolean().optional(),
});
// A client leaves only rooms of a registered kind: the server's own rooms (its session's and its
// person's, live-connections.ts) are how sign-out and a password reset reach the socket.
const REFUSED = { ok: false as const, error: "You cannot join this room" };
const LeaveSchema = z.object({ room: RoomName.refine((room) => parseRoom(room) !== null, "Unknown room") });

export type SocketServerOptions = {
  httpServer: http.Server;
  db: Db;
  allowedOrigins: string[];
  adapter: "memory" | "postgres";
  databaseUrl: string;
  log: { warn(obj: object, msg: string): void };
  webSocketOnly?: boolean;
};

export function createSocketServer(options: SocketServerOptions) {
  const { db, allowedOrigins } = options;
  const io: RealtimeServer = new Server(options.httpServer, {
    path: "/socket.io",
    serveClient: false,
    connectionStateRecovery: undefined,
    // With several workers behind one port (node:cluster), a long-polling client's requests
    // land on any worker; WebSocket keeps one connection on one worker (ADR 020).
    ...(options.webSocketOnly ? { transports: ["websocket" as const] } : {}),
    // Refuse cross-site pages before any handshake: the session cookie would ride along.
    allowRequest: (req, callback) => {
      const origin = req.headers.origin;
      callback(null, !origin || allowedOrigins.includes(origin));
    },
  });

  let pool: pg.Pool | null = null;
  if (options.adapter === "postgres") {
    pool = new pg.Pool({ connectionString: options.databaseUrl, max: 2 });
    pool.on("error", (error) => options.log.warn({ err: error }, "socket adapter pool error"));
    io.adapter(createAdapter(pool, { tableName: "socket_io_attachments", heartbeatInterval: 5000 }));
  }

  io.use(async (socket, next) => {
    try {
      const { user } = await authenticateCookieHeader(socket.request.headers.cookie);
      // A cookie that names no live session is refused outright rather than treated as anonymous.
      if (!user && hasSessionCookie(socket.request.headers.cookie)) return next(new Error("Session expired"));
      socket.data.userId = user?.id ?? null;
      socket.data.sessionId = user ? readSessionId(socket.request.headers.cookie) : null;
      next();
    } catch (error) {
      // The client hears only that it can try again; the cause (a database error, say) is logged.
      options.log.warn({ err: error }, "socket handshake failed");
      next(new Error("Could not connect, try again"));
    }
  });

  const presence = createPresence(io);

  io.on("connection", (socket) => {
    if (socket.data.userId && socket.data.sessionId) {
      void socket.join([sessionRoom(socket.data.sessionId), signedInRoom(socket.data.userId)]);
    }
    socket.on("disconnecting", () => {
      for (const room of socket.rooms) if (countsPresence(room)) presence.changed(room);
    });
    on(socket, "room:join", JoinSchema, async ({ room, afterId, watchOnly }, ack) => {
      const user = socket.data.userId ? { id: socket.data.userId } : null;
      if (!(await canJoinRoom(db, user, room))) return ack(REFUSED);
      const wasIn = socket.rooms.has(room);
      // In the room before reading what was missed, so that no event falls between the read and
      // the join; if the read fails the socket leaves again: an error answer means "not joined".
      await socket.join(room);
      let resumed: JoinResume;
      try {
        // Asked again now that the socket is in the room: a role revoked since the first answer
        // was re-checked (access-recheck.ts) while the socket was not yet here to be taken out.
        if (!(await canJoinRoom(db, user, room))) {
          await socket.leave(room);
          return ack(REFUSED);
        }
        resumed = await resume(db, room, afterId);
      } catch (error) {
        if (!wasIn) await socket.leave(room);
        throw error;
      }
      // The latest join says whether the page is here or only watching; one note per room, so
      // a page repeating its watch cannot grow the list.
      const others = (socket.data.watching ?? []).filter((r) => r !== room);
      const wasHere = wasIn && others.length === (socket.data.watching ?? []).length;
      socket.data.watching = watchOnly ? [...others, room] : others;
      if (countsPresence(room) && (wasHere || !watchOnly)) presence.changed(room);
      ack({ ok: true, ...resumed });
    });
    on(socket, "room:leave", LeaveSchema, async ({ room }, ack) => {
      await socket.leave(room);
      socket.data.watching = socket.data.watching?.filter((r) => r !== room);
      if (countsPresence(room)) presence.changed(room);
      ack({ ok: true });
    });
  });

  return {
    io,
    async close() {
      presence.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
      await pool?.end();
    },
  };
}

type JoinResume = { missed: RealtimeMessage[]; stale: boolean; lastId: string | null };

/**
 * What a joining client missed since `afterId` (all of it, or none if there is more than a join
 * replays); `stale` if it should reload instead (too much missed, or events since pruned); and
 * the id to resume from when joining afresh or reloading. The socket is already in the room, so
 * the latest id read here leaves no gap: later events reach it live, and a stale page reloads
 * its data after this answer.
 */
async function resume(db: Db, room: string, afterId: string | undefined): Promise<JoinResume> {
  if (!afterId) return { missed: [], stale: false, lastId: await resumePoint(db, room) };
  const missed = await eventsSince(db, room, BigInt(afterId));
  const stale = !missed || (await resumeIsStale(db, BigInt(afterId)));
  return { missed: missed ?? [], stale, lastId: stale ? await resumePoint(db, room) : null };
}

function hasSessionCookie(cookieHeader: string | undefined): boolean {
  return !!cookieHeader && /(?:^|;\s*)touchstone_session=[^;]+/.test(cookieHeader);
}

import crypto from "node:crypto";
import { liveSessionIds } from "#app/utils/auth.server";
import type { LiveConnections } from "#app/utils/realtime";
import type { RealtimeServer } from "./socket-events";

// Server-side rooms that no client can join (they are no registered room kind): every
// signed-in socket is in its session's and its person's. The session id is a bearer secret,
// and room names travel through the adapter's table, so the room is named by a hash of it.
export const sessionRoom = (sessionId: string) => `session:${crypto.createHash("sha256").update(sessionId).digest("hex").slice(0, 32)}`;
export const signedInRoom = (userId: string) => `signed-in:${userId}`;

export const SESSION_ENDED = "session:ended";

/**
 * Ends the sockets of a session (sign-out) or of every session of a person (password reset)
 * on every app process: the adapter carries `disconnectSockets` to the others. The client is
 * told first, so the page can say it was signed out rather than retrying.
 */
export function createLiveConnections(io: RealtimeServer): LiveConnections {
  const end = async (room: string) => {
    io.in(room).emit(SESSION_ENDED, { reason: "You have been signed out" });
    io.in(room).disconnectSockets(true);
  };
  return {
    endSession: (sessionId) => end(sessionRoom(sessionId)),
    endUser: (userId) => end(signedInRoom(userId)),
  };
}

/**
 * A backstop for sessions that end without a sign-out (they expire, an administrator deletes
 * them, or the process that signed someone out died first): every interval, each process
 * checks the sessions of its own sockets in one query and disconnects those that are gone.
 */
export function startSessionRecheck(io: RealtimeServer, intervalMs: number, log: { warn(obj: object, msg: string): void }) {
  const check = async () => {
    const sockets = (await io.local.fetchSockets()).filter((s) => s.data.sessionId);
    const live = await liveSessionIds([...new Set(sockets.map((s) => s.data.sessionId!))]);
    let ended = 0;
    for (const socket of sockets) {
      if (live.has(socket.data.sessionId!)) continue;
      socket.emit(SESSION_ENDED, { reason: "Your session has ended" });
      socket.disconnect(true);
      ended++;
    }
    return ended;
  };
  const timer = intervalMs > 0 ? setInterval(() => void check().catch((error) => log.warn({ err: error }, "session recheck failed")), intervalMs) : null;
  timer?.unref();
  return { check, stop: () => timer && clearInterval(timer) };
}

import { namesPresence } from "./room-access";
import type { RealtimeServer } from "./socket-events";

const INTERVAL_MS = 1000;

/**
 * Tells a room how many sockets are in it, at most once a second per room (so a
 * thousand people arriving at once cause one update, not a thousand). Counting uses the
 * adapter, so it includes sockets on every app process.
 */
export function createPresence(io: RealtimeServer) {
  const scheduled = new Map<string, NodeJS.Timeout>();
  const lastSent = new Map<string, number>();

  async function send(room: string) {
    scheduled.delete(room);
    lastSent.set(room, Date.now());
    try {
      const sockets = (await io.in(room).fetchSockets()).filter((s) => !s.data.watching?.includes(room));
      const userIds = namesPresence(room) ? [...new Set(sockets.flatMap((s) => (s.data.userId ? [s.data.userId] : [])))] : undefined;
      io.to(room).emit("presence", { room, count: sockets.length, userIds });
    } catch {
      // Another process did not answer in time; the next change sends a fresh count.
    }
  }

  return {
    changed(room: string) {
      if (scheduled.has(room)) return;
      const wait = Math.max(0, (lastSent.get(room) ?? 0) + INTERVAL_MS - Date.now());
      scheduled.set(
        room,
        setTimeout(() => void send(room), wait),
      );
    },
    stop() {
      for (const timer of scheduled.values()) clearTimeout(timer);
      scheduled.clear();
    },
  };
}

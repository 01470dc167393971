import { DAY_MS, RETENTION_RULES } from "#app/features/privacy/retention";
import type { Db } from "#app/utils/db.server";
import { takePendingEvents } from "#app/utils/outbox.server";
import type { Publisher, RealtimeMessage } from "#app/utils/realtime";
import { registeredPayload } from "#app/utils/realtime-rooms";
import type { RealtimeServer } from "./socket-events";

/**
 * Broadcasts events to their rooms on every app process via the socket.io adapter. Events a
 * command recorded in its transaction are released after commit (`release`); the event log
 * gives each its id, the resume point for reconnecting clients.
 */
/** A sweep leaves younger events to the process that committed them (it releases them at once). */
const SWEEP_AFTER_MS = 2000;

export function createPublisher(io: RealtimeServer, db: Db): Publisher {
  const broadcast = (message: RealtimeMessage) => io.to(message.room).emit("event", message);
  return {
    // Wider than the interface (any room, name and payload): the registry check makes it exact.
    async publish(room: string, name: string, payload: unknown) {
      const checked = registeredPayload(room, name, payload);
      const row = await db.realtimeEvent.create({
        data: { room, name, payload: checked },
        select: { id: true },
      });
      const message: RealtimeMessage = { id: row.id.toString(), room, name, payload: checked };
      broadcast(message);
      return message;
    },
    async release(pendingIds) {
      const messages = await takePendingEvents(db, pendingIds, pendingIds ? 0 : SWEEP_AFTER_MS);
      messages.forEach(broadcast);
      return messages;
    },
  };
}

/** The most events a reconnecting client is sent; one that missed more reloads instead. */
export const MAX_RESUME = 1000;

/**
 * Events in a room after the given id, oldest first: exactly what a client missed. Null if
 * that is more than MAX_RESUME: part of them would be a gap the client could not see.
 */
export async function eventsSince(db: Db, room: string, afterId: bigint): Promise<RealtimeMessage[] | null> {
  const rows = await db.realtimeEvent.findMany({
    where: { room, id: { gt: afterId } },
    orderBy: { id: "asc" },
    take: MAX_RESUME + 1,
    select: { id: true, room: true, name: true, payload: true },
  });
  if (rows.length > MAX_RESUME) return null;
  return rows.map((row) => ({ ...row, id: row.id.toString(), payload: row.payload as Record<string, unknown> }));
}

/**
 * Where a page that joins a room afresh (or reloads) resumes from: the room's latest event, or,
 * in a room with none yet, the log's latest: any later event of the room has a larger id.
 */
export async function resumePoint(db: Db, room: string): Promise<string> {
  const latest = { orderBy: { id: "desc" }, select: { id: true } } as const;
  const row = (await db.realtimeEvent.findFirst({ where: { room }, ...latest })) ?? (await db.realtimeEvent.findFirst(latest));
  return row ? row.id.toString() : "0";
}

/**
 * How long events are kept for reconnecting clients by default: far longer than any reconnect
 * takes. The retention schedule (app/features/privacy/retention.ts) prunes them on its period.
 */
export const EVENT_RETENTION_MS = RETENTION_RULES.realtimeEvents.defaultDays * DAY_MS;

/** Drops events older than the retention period; a client away longer simply reloads. */
export async function pruneEvents(db: Db, now = new Date()): Promise<number> {
  const { count } = await db.realtimeEvent.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - EVENT_RETENTION_MS) } } });
  return count;
}

/** Whether events after this id may have been pruned: the client should reload rather than resume. */
export async function resumeIsStale(db: Db, afterId: bigint): Promise<boolean> {
  const oldest = await db.realtimeEvent.findFirst({ orderBy: { id: "asc" }, select: { id: true } });
  return !!oldest && oldest.id > afterId + 1n;
}

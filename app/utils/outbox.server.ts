import type { Prisma } from "#app/generated/prisma/client";
import { db, type Db } from "./db.server";
import type { Publisher, RealtimeMessage } from "./realtime";
import { registeredPayload, type EventName, type EventPayload, type RecordedEvent, type RoomKind, type RoomName } from "./realtime-rooms";

export type Tx = Prisma.TransactionClient;

/**
 * What a command's transaction may record besides its change: realtime events (and, through
 * the notifications feature, notifications and emails). Everything recorded commits or rolls
 * back with the change; nothing is published until the change has committed.
 */
export type Outbox = {
  tx: Tx;
  /**
   * Records an event of a registered room (app/utils/realtime-rooms.ts): the room's kind fixes
   * the event names it may carry and each one's payload, at compile time and again when it is
   * recorded (a payload off its schema throws, and the transaction records nothing).
   */
  event<K extends RoomKind, N extends EventName<K>>(room: RoomName<K>, name: N, payload: EventPayload<K, N>): Promise<void>;
  /** Many events in one statement (a notice to every member, say). */
  events(events: RecordedEvent[]): Promise<void>;
  /** Runs once the transaction has committed (a nudge to a background worker, say). */
  afterCommit(run: () => void): void;
};

/**
 * The one way a command changes data and tells people about it (a transactional outbox, ADR
 * 018): `work` runs in one transaction with an outbox; after commit the recorded events are
 * published. If this process dies between the commit and the publication, another process
 * (or this one after restarting) publishes them: see server/realtime/outbox-sweeper.ts.
 */
export async function inTransaction<T>(
  publisher: Publisher,
  work: (tx: Tx, outbox: Outbox) => Promise<T>,
  options: { isolationLevel?: Prisma.TransactionIsolationLevel; timeout?: number } = {},
): Promise<T> {
  // Longer than Prisma's defaults (2 s to get a connection, 5 s to finish): a burst of posts
  // queues for the pool, and a notice to every Forum member is written in the same transaction.
  const pending: bigint[] = [];
  const afterCommit: (() => void)[] = [];
  const result = await db.$transaction(
    async (tx) => {
      const outbox: Outbox = {
        tx,
        async event(room, name, payload) {
          const row = await tx.pendingRealtimeEvent.create({ data: { room, name, payload: registeredPayload(room, name, payload) }, select: { id: true } });
          pending.push(row.id);
        },
        async events(events) {
          if (events.length === 0) return;
          const data = events.map((e) => ({ room: e.room, name: e.name, payload: registeredPayload(e.room, e.name, e.payload) }));
          const rows = await tx.pendingRealtimeEvent.createManyAndReturn({ data, select: { id: true } });
          pending.push(...rows.map((r) => r.id));
        },
        afterCommit: (run) => afterCommit.push(run),
      };
      return work(tx, outbox);
    },
    { maxWait: 15_000, timeout: 30_000, ...options },
  );
  if (pending.length) {
    // The change is committed whatever happens here: a failure to publish is left to the sweeper.
    await publisher.release(pending).catch(() => {});
  }
  for (const run of afterCommit) run();
  return result;
}

const BATCH = 500;

/**
 * Moves pending events into the event log in one statement: each gets its public id there and
 * is returned to exactly one caller, however many processes try at once (a row another
 * process holds is skipped, and a row already taken is gone). Oldest first. Without ids,
 * only events that have waited `waitedMs` are taken: younger ones are normally about to be
 * released by the process that committed them.
 */
export async function takePendingEvents(client: Db, ids?: bigint[], waitedMs = 0): Promise<RealtimeMessage[]> {
  const rows = ids
    ? await client.$queryRaw<{ id: bigint; room: string; name: string; payload: Record<string, unknown> }[]>`
        WITH taken AS (DELETE FROM "PendingRealtimeEvent" WHERE id = ANY(${ids.map(String)}::bigint[]) RETURNING id, room, name, payload)
        INSERT INTO "RealtimeEvent" (room, name, payload) SELECT room, name, payload FROM taken ORDER BY id
        RETURNING id, room, name, payload`
    : await client.$queryRaw<{ id: bigint; room: string; name: string; payload: Record<string, unknown> }[]>`
        WITH taken AS (
          DELETE FROM "PendingRealtimeEvent" WHERE id IN (
            SELECT id FROM "PendingRealtimeEvent" WHERE "createdAt" <= ${new Date(Date.now() - waitedMs)} ORDER BY id LIMIT ${BATCH} FOR UPDATE SKIP LOCKED)
          RETURNING id, room, name, payload)
        INSERT INTO "RealtimeEvent" (room, name, payload) SELECT room, name, payload FROM taken ORDER BY id
        RETURNING id, room, name, payload`;
  return rows
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((row) => ({ id: row.id.toString(), room: row.room, name: row.name, payload: row.payload }));
}

export const PENDING_BATCH = BATCH;

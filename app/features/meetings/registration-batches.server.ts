import { db } from "#app/utils/db.server";

/**
 * Group commit for registrations (ADR 031). Registrations for one meeting are serialized on the
 * meeting's row lock, and each one used to hold that lock until its commit was flushed to disk:
 * a burst of 500 meant 500 flushes one after another. Here, while one batch for a meeting is in
 * flight, further registrations for that meeting wait in this process; when it finishes they go
 * together as the next batch: one statement, one lock, one flush. A registration that finds no
 * batch in flight goes at once, alone, so a quiet server is as quick as before. Several
 * processes each batching still take the same row lock, one batch at a time.
 */

/** One person's registration as touchstone_register_batch reads it (migration 20261130180000). */
export type Applicant = {
  id: string;
  userId: string | null;
  name: string;
  email: string;
  code: string;
  cancelTokenHash: string;
  places: number;
  accessNeeds: string[];
  accessOther: string | null;
  emailConfirmed: boolean;
  emailTokenHash: string | null;
  /** The idempotency key's owner, key and scope; the key's answer is stored with the registration. */
  owner: string;
  key: string | null;
  scope: string;
  /** The email for each outcome, with the code and the place in the queue left as slots. */
  emailId: string;
  from: string;
  confirmedEmail: { subject: string; text: string; attachments: unknown[] };
  waitingEmail: { subject: string; text: string };
  /** Whether a delivery worker sends the email (else it is recorded as sent, e.g. in development). */
  queued: boolean;
};

/**
 * What happened to one person: registered; a live registration for that address already
 * existed; their idempotency key was already stored (by a copy of the same form, or another
 * form); their freshly drawn code belonged to someone else (draw again).
 */
export type Outcome =
  | { outcome: "registered"; id: string; code: string; status: "CONFIRMED" | "WAITING"; position: number | null }
  | { outcome: "duplicate" | "key-taken" | "code-taken" };

/** Stand-ins the batch statement replaces with each registration's code and place in the queue. */
export const CODE_SLOT = "\uE000code\uE000";
export const POSITION_SLOT = "\uE000position\uE000";

/**
 * Each person is a subtransaction; PostgreSQL tracks up to 64 of them per transaction cheaply
 * and makes every other session's snapshots slower beyond that, so a larger queue goes as
 * several batches.
 */
const MOST_IN_ONE_BATCH = 60;

type Waiting = { applicant: Applicant; resolve: (outcome: Outcome) => void; reject: (error: unknown) => void };
type Row = {
  ordinal: number;
  outcome: Outcome["outcome"] | "failed";
  id: string | null;
  code: string | null;
  status: "CONFIRMED" | "WAITING" | null;
  position: number | null;
  failure: string | null;
};

/** Meetings with a batch in flight, and who has arrived for each since it left. */
const queues = new Map<string, Waiting[]>();

/** Registers one person for the meeting, together with whoever else is registering for it now. */
export function registerTogether(meetingId: string, applicant: Applicant): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const waiting: Waiting = { applicant, resolve, reject };
    const queue = queues.get(meetingId);
    if (queue) return void queue.push(waiting);
    queues.set(meetingId, []);
    void sendBatches(meetingId, [waiting]);
  });
}

async function sendBatches(meetingId: string, batch: Waiting[]) {
  while (batch.length) {
    await sendBatch(meetingId, batch);
    batch = queues.get(meetingId)!.splice(0, MOST_IN_ONE_BATCH);
  }
  queues.delete(meetingId);
}

async function sendBatch(meetingId: string, batch: Waiting[]) {
  try {
    const rows = await db.$queryRaw<Row[]>`
      SELECT ordinal, outcome, id, code, status, "position", failure
      FROM touchstone_register_batch(${meetingId}, ${JSON.stringify(batch.map((w) => w.applicant))}::jsonb, ${CODE_SLOT}, ${POSITION_SLOT})`;
    for (const row of rows) {
      const { resolve, reject } = batch[row.ordinal - 1];
      if (row.outcome === "failed") reject(new Error(`Registration failed: ${row.failure}`));
      else if (row.outcome === "registered") resolve({ outcome: "registered", id: row.id!, code: row.code!, status: row.status!, position: row.position });
      else resolve({ outcome: row.outcome });
    }
  } catch (error) {
    // The statement itself failed (lost connection, shutdown): nobody in it was registered.
    for (const { reject } of batch) reject(error);
  }
}

import { Prisma } from "#app/generated/prisma/client";
import { batcher, type Batched } from "#app/utils/batches.server";
import { queryRows } from "#app/utils/db.server";
import type { MeetingSnapshot } from "./meeting-snapshots.server";
import { SLOTS, type RegistrationEmailName } from "./registration-emails.server";

/**
 * Group commit for registrations (ADR 031). Registrations for one meeting are serialized on the
 * meeting's row lock, and each one used to hold that lock until its commit was flushed to disk:
 * a burst of 500 meant 500 flushes one after another. Here, while one batch for a meeting is in
 * flight, further registrations for that meeting wait in this process; when it finishes they go
 * together as the next batch: one statement, one lock, one flush. A registration that finds no
 * batch in flight goes at once, alone, so a quiet server is as quick as before. Several
 * processes each batching still take the same row lock, one batch at a time.
 */

/** One person's registration as touchstone_register_batch reads it (migrations 20261130180000, 20261201090000, 20261201120000). */
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
  /** Their email: which of the meeting's templates for each outcome, and their own links for its links slot; a confirmation carries the batch's calendar file. */
  emailId: string;
  from: string;
  confirmedEmail: RegistrationEmailName;
  waitingEmail: RegistrationEmailName;
  links: string;
  /** Whether a delivery worker sends the email (else it is recorded as sent, e.g. in development). */
  queued: boolean;
};

/** A guest's address may hold `most` registrations awaiting confirmation made in the last `withinMs`; the next is refused. */
export type GuestLimit = { withinMs: number; most: number };

/**
 * What happened to one person: registered; a live registration for that address already
 * existed; their form already has an answer (`answered`), or its idempotency key was stored
 * meanwhile (by a copy of the same form, or another form); their freshly drawn code belonged
 * to someone else (draw again); the meeting is not the copy the emails were composed from
 * (read it again); the guest's address is over its daily limit.
 */
export type Outcome =
  | { outcome: "registered"; id: string; code: string; status: "CONFIRMED" | "WAITING"; position: number | null }
  | { outcome: "duplicate" | "answered" | "key-taken" | "code-taken" | "stale" | "guest-limit" };

/**
 * Each person is a subtransaction; PostgreSQL tracks up to 64 of them per transaction cheaply
 * and makes every other session's snapshots slower beyond that, so a larger queue goes as
 * several batches.
 */
const MOST_IN_ONE_BATCH = 60;

type Row = {
  ordinal: number;
  outcome: Outcome["outcome"] | "failed";
  id: string | null;
  code: string | null;
  status: "CONFIRMED" | "WAITING" | null;
  position: number | null;
  failure: string | null;
};

/** What a batch is sent with: every registration of a batch shares its meeting copy and guest limit (the batch's key). */
type Registration = { meeting: MeetingSnapshot; applicant: Applicant; guestLimit: GuestLimit };

const SLOTS_JSON = JSON.stringify(SLOTS);

/**
 * In a burst, how long to wait after a batch for more people before the next goes (ADR 042).
 * Each statement costs PostgreSQL about half a millisecond of CPU however few it registers (the
 * meeting's lock, opening the tables, flushing the commit); without the wait, a burst of 500 went
 * as about 130 batches of one to six people, and that CPU was taken from the same cores the
 * requests were waiting for.
 */
const GATHER_MS = 10;

const inBatches = batcher<Registration, Outcome>(MOST_IN_ONE_BATCH, sendBatch, { gatherMs: GATHER_MS });

/** Registers one person for the meeting, together with whoever else is registering for it now. */
export function registerTogether(meeting: MeetingSnapshot, applicant: Applicant, guestLimit: GuestLimit): Promise<Outcome> {
  // One batch per copy of a meeting (its emails were composed from that copy) and guest limit.
  return inBatches(`${meeting.meeting.id} ${meeting.digest} ${guestLimit.withinMs} ${guestLimit.most}`, { meeting, applicant, guestLimit });
}

async function sendBatch(batch: Batched<Registration, Outcome>[]) {
  const {
    meeting: { meeting, digest, calendar, emails },
    guestLimit,
  } = batch[0].item;
  // Through the driver, prepared once per connection: Prisma's own work per query was a fifth of a registration's.
  // If the statement itself fails (lost connection, shutdown), nobody in it was registered: the batcher rejects them all.
  const rows = await queryRows<Row>(Prisma.sql`
    SELECT ordinal, outcome, id, code, status, "position", failure
    FROM touchstone_register_batch(${meeting.id}, ${digest}, ${JSON.stringify(batch.map((w) => w.item.applicant))}::jsonb, ${JSON.stringify(emails)}::jsonb,
                                   ${JSON.stringify(calendar)}::jsonb, ${SLOTS_JSON}::jsonb, ${guestLimit.withinMs}, ${guestLimit.most})`);
  for (const row of rows) {
    const { resolve, reject } = batch[row.ordinal - 1];
    if (row.outcome === "failed") reject(new Error(`Registration failed: ${row.failure}`));
    else if (row.outcome === "registered") resolve({ outcome: "registered", id: row.id!, code: row.code!, status: row.status!, position: row.position });
    else resolve({ outcome: row.outcome });
  }
}

import crypto from "node:crypto";
import pg from "pg";
import { afterAll, beforeAll, expect, inject, it } from "vitest";
import { newApplicant } from "../../../test/helpers/meetings";
import { registrationEmails, SLOTS } from "./registration-emails.server";
import { scratchDatabase } from "../../../test/helpers/test-database";

// A new database's first burst of guests: PL/pgSQL plans the registration statement's queries
// once per connection, before autovacuum has analyzed the tables, and keeps those plans. Each
// guest's check of their own address (at most three unconfirmed registrations a day) must still
// read that address's registrations only, not every guest's of the day (migration
// 20261201100000).
let database: Awaited<ReturnType<typeof scratchDatabase>>;
let client: pg.Client;
beforeAll(async () => {
  database = await scratchDatabase(inject("templateUrl"), "touchstone_cost");
  client = new pg.Client({ connectionString: database.url });
  await client.connect();
});
afterAll(async () => {
  await client?.end();
  await database?.drop();
});

/** A guest who has not yet opened their confirmation link, as the statement reads them. */
const guest = (email: string) => ({
  ...newApplicant("cost", "A guest"),
  email,
  owner: `guest:${email}`,
  key: null,
  emailConfirmed: false,
  emailTokenHash: crypto.randomUUID(),
});

const emails = registrationEmails({
  title: "Open meeting",
  startsAt: new Date(),
  endsAt: new Date(),
  venueName: "Hemsley House",
  venueAddress: null,
  onlineUrl: null,
});

async function register(meetingId: string, email: string) {
  const { rows } = await client.query(
    `SELECT b.outcome FROM "Meeting" m, touchstone_register_batch(m.id, touchstone_meeting_digest(m), $2::jsonb, $3::jsonb, '[]'::jsonb, $4::jsonb, 86400000, 3) b
     WHERE m.id = $1`,
    [meetingId, JSON.stringify([guest(email)]), JSON.stringify(emails), JSON.stringify(SLOTS)],
  );
  return rows[0].outcome as string;
}

/** What one guest's registration reads of the table, in a transaction of its own: index entries and rows scanned in order. */
async function readsToRegister(meetingId: string, email: string) {
  // The counts below include whatever this connection has not yet reported: report it first.
  await client.query("SELECT pg_stat_force_next_flush()");
  await client.query("BEGIN");
  try {
    expect(await register(meetingId, email)).toBe("registered");
    const { rows } = await client.query(
      `SELECT SUM(pg_stat_get_xact_tuples_returned(i.indexrelid))::int AS "indexEntries",
              pg_stat_get_xact_tuples_returned('"Registration"'::regclass)::int AS "rowsScanned"
       FROM pg_index i WHERE i.indrelid = '"Registration"'::regclass`,
    );
    return rows[0] as { indexEntries: number; rowsScanned: number };
  } finally {
    await client.query("COMMIT");
  }
}

it("reads no more for a guest after 2,000 others registered that day, with plans made before any statistics", async () => {
  await client.query(`INSERT INTO "Meeting" (id, slug, title, description, "startsAt", "endsAt", capacity, "registrationOpensAt", "registrationClosesAt")
    SELECT id, id, 'Open meeting', 'About the proposal', now() + interval '7 days', now() + interval '7 days 2 hours', 1000, now() - interval '1 hour', now() + interval '6 days'
    FROM unnest(ARRAY['first', 'busy', 'before', 'after']) AS id`);
  // A first meeting's guests, not yet analyzed by autovacuum; then enough registrations for this
  // connection to keep generic plans, made on that table.
  await client.query(`INSERT INTO "Registration" (id, "meetingId", name, email, code, "cancelTokenHash", status, places, "accessNeeds")
    SELECT 'first' || n, 'first', 'Guest ' || n, 'first' || n || '@example.test', 'F' || n, 'first' || n, 'CONFIRMED', 1, '{}' FROM generate_series(1, 1000) AS n`);
  for (let i = 0; i < 8; i++) expect(await register("first", `early${i}@example.test`)).toBe("registered");
  const before = await readsToRegister("before", "before@example.test");
  // The day's rush: 2,000 guests who have not yet opened their confirmation link.
  await client.query(`INSERT INTO "Registration" (id, "meetingId", name, email, code, "cancelTokenHash", status, places, "accessNeeds")
    SELECT 'busy' || n, 'busy', 'Guest ' || n, 'rush' || n || '@example.test', 'B' || n, 'hash' || n, 'CONFIRMED', 1, '{}' FROM generate_series(1, 2000) AS n`);
  const after = await readsToRegister("after", "after@example.test");

  expect(after).toEqual(before);
  expect(after.indexEntries).toBeLessThan(10);
  expect(after.rowsScanned).toBe(0);
});

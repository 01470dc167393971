// npm run bench:registration — 500 registrations at once for 100 places, through the real
// form action over HTTP, against the app in its own process (as it runs in production).
// Prints: RESULT registration confirmed=<n> waiting=<n> errors=<n> p95_ms=<n>
import pg from "pg";
import { startAppProcess } from "../helpers/app-process";
import { startTestPostgres } from "../helpers/test-database";
import { percentile } from "./bench-server";

const PEOPLE = 500;
const PLACES = 100;
const DATABASE = "touchstone_bench_registration";

const postgres = await startTestPostgres();
const admin = new pg.Client({ connectionString: postgres.urlFor("postgres") });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS "${DATABASE}" WITH (FORCE)`);
await admin.query(`CREATE DATABASE "${DATABASE}"`);
await admin.end();

const app = await startAppProcess({ NODE_ENV: "production", DATABASE_URL: postgres.urlFor(DATABASE), SEED_DEMO_DATA: "false", SCHEDULER_INTERVAL_MS: "0" });
const url = app.url;
const db = new pg.Client({ connectionString: postgres.urlFor(DATABASE) });
try {
  await db.connect();
  const startsAt = new Date(Math.floor((Date.now() + 7 * 86_400_000) / 60_000) * 60_000);
  await db.query(
    `INSERT INTO "Meeting" (id, slug, title, description, "startsAt", "endsAt", capacity, "registrationOpensAt", "registrationClosesAt")
     VALUES ('bench', 'bench-meeting', 'Benchmark meeting', 'Load test', $1, $2, $3, now() - interval '1 hour', $4)`,
    [startsAt, new Date(startsAt.getTime() + 90 * 60_000), PLACES, new Date(startsAt.getTime() - 3_600_000)],
  );
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: PEOPLE }, async (_, i) => {
      const started = performance.now();
      const response = await fetch(`${url}/meetings/bench-meeting`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ name: `Person ${i}`, email: `person${i}@bench.example`, ...(i % 7 === 0 ? { accessNeeds: "wheelchair" } : {}) }),
      });
      latencies.push(performance.now() - started);
      if (response.status !== 302) errors++;
    }),
  );
  const count = async (status: string) => Number((await db.query(`SELECT count(*) FROM "Registration" WHERE "meetingId" = 'bench' AND status = $1`, [status])).rows[0].count);
  console.log(`RESULT registration confirmed=${await count("CONFIRMED")} waiting=${await count("WAITING")} errors=${errors} p95_ms=${Math.round(percentile(latencies, 0.95))}`);
} finally {
  await db.end().catch(() => {});
  await app.stop();
  await postgres.stop();
}

import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import { PrismaClient, Prisma } from "#app/generated/prisma/client";
import { batcher } from "./batches.server";
import { getEnv } from "./env.server";
import { singleton } from "./singleton.server";

// Named (prepared) statements: PostgreSQL parses and plans each distinct statement once per
// connection instead of on every request; planning the proposal page's statement took longer
// than running it (ADR 024). A connection pooler in transaction mode needs support for them
// (PgBouncer 1.21+ with max_prepared_statements) or PREPARED_STATEMENTS=false.
const statementName = (sql: string) => (getEnv().PREPARED_STATEMENTS ? `ts_${createHash("sha1").update(sql).digest("base64url")}` : undefined);

/**
 * A connection idle this long is closed. The driver's default, 10 seconds, closed the connections
 * a burst had opened before the next burst came: it then opened them again, 27 ms each here
 * (authentication, a new PostgreSQL process, its caches, its prepared statements), and 35 of
 * them at once delayed every request of a burst by half a second (ADR 045).
 */
const IDLE_CONNECTION_MS = 10 * 60_000;

/** One pool of connections for Prisma and for `queryRows`. */
const pool = singleton("pg-pool", () => {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides one.");
  const pool = new pg.Pool({ connectionString: url, max: 20, idleTimeoutMillis: IDLE_CONNECTION_MS });
  // An idle connection the server ends (a restart, an administrator) leaves the pool; the next
  // request opens another. Unheard, the pool's error would end the process.
  pool.on("error", (error) => console.error("A database connection ended while idle; the next request opens another:", error.message));
  return pool;
});

function createClient() {
  const adapter = new PrismaPg(pool, {
    statementNameGenerator: getEnv().PREPARED_STATEMENTS ? ({ sql }) => statementName(sql)! : undefined,
    disposeExternalPool: true,
  });
  return new PrismaClient({ adapter });
}

export const db = singleton("prisma", createClient);
export type Db = typeof db;

// Statement names by SQL text: hashing a long statement on every request is work too.
const statementNames = singleton("statement-names", () => new Map<string, string | undefined>());

/**
 * Rows of a raw statement, straight through the pg driver on Prisma's own pool: for the one
 * statement every signed-in page request makes (ADR 024), where Prisma's per-query work cost
 * more CPU than the driver's. Columns must be of types the driver parses as Prisma would:
 * text, booleans, integers, timestamptz, json and arrays of these (no bigint, no timestamp
 * without time zone, no decimals).
 */
export async function queryRows<Row>(statement: Prisma.Sql): Promise<Row[]> {
  // Prisma builds the text anew on each read of `.text`.
  const text = statement.text;
  let name = statementNames.get(text);
  if (name === undefined && !statementNames.has(text)) {
    name = statementName(text);
    // Bounded by the statements written in the code (their text holds placeholders, not values).
    statementNames.set(text, name);
  }
  const result = await pool.query({ name, text, values: statement.values as unknown[] });
  return result.rows as Row[];
}

/** Bounds one statement's array of keys; a longer queue goes as several statements. */
const MOST_IN_ONE_READ = 100;

type Read = { statement: Prisma.Sql; key: string };

const readsTogether = batcher<Read, object | undefined>(MOST_IN_ONE_READ, async (batch) => {
  // Every read in a batch has the same statement (it is the batch's key); only its key differs.
  const rows = await queryRows<{ batch__ordinal: number }>(Prisma.sql`
    SELECT batch.ordinal::int AS batch__ordinal, found.*
    FROM unnest(${batch.map(({ item }) => item.key)}::text[]) WITH ORDINALITY AS batch(key, ordinal)
    CROSS JOIN LATERAL (${batch[0].item.statement}) found`);
  // A second row for the same key would be ignored: its promise is settled.
  for (const { batch__ordinal, ...row } of rows) batch[batch__ordinal - 1].resolve(row);
  for (const { resolve } of batch) resolve(undefined);
});

/**
 * The row (at most one; undefined if none) of a statement about one key, such as a session
 * id, read in one round trip with the same statement's reads for other keys made meanwhile
 * (ADR 037). `statementFor` is given the key as a column (`batch.key`, text) and must not
 * depend on anything else that differs between callers except through its own parameters
 * (callers with different parameters are batched apart). Each caller gets its own key's row.
 */
export function queryRowTogether<Row extends object>(statementFor: (key: Prisma.Sql) => Prisma.Sql, key: string): Promise<Row | undefined> {
  const statement = statementFor(Prisma.sql`batch.key`);
  return readsTogether(`${statement.text}\u0000${JSON.stringify(statement.values)}`, { statement, key }) as Promise<Row | undefined>;
}

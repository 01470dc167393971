import crypto from "node:crypto";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "../../server/database/embedded-postgres";
import { migrate } from "../../server/database/migrate";

export const TEMPLATE_DB = "touchstone_test_template";

/**
 * A PostgreSQL server for tests: TEST_DATABASE_URL's server when set, otherwise an
 * embedded one in a temporary directory. Returns a function that names a database on it.
 */
export async function startTestPostgres(): Promise<{
  urlFor(database: string): string;
  stop(): Promise<void>;
}> {
  const external = process.env.TEST_DATABASE_URL;
  if (external) {
    return {
      urlFor: (database) => {
        const url = new URL(external);
        url.pathname = `/${database}`;
        return url.toString();
      },
      stop: async () => {},
    };
  }
  const dataDir = path.join(os.tmpdir(), `touchstone-test-pg-${process.pid}`);
  const embedded: EmbeddedDatabase = await startEmbeddedPostgres({ dataDir });
  return {
    urlFor: embedded.urlFor,
    stop: async () => {
      await embedded.stop();
      const fs = await import("node:fs");
      // Under root it may have been kept in the system folder instead (ADR 013).
      const kept = embedded.dataDir === path.resolve(dataDir) ? dataDir : path.dirname(embedded.dataDir);
      fs.rmSync(kept, { recursive: true, force: true });
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function admin<T>(urlFor: (db: string) => string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

/** (Re)creates the migrated template, then one database per worker copied from it. */
export async function prepareDatabases(urlFor: (db: string) => string, names: string[]) {
  await admin(urlFor, async (client) => {
    for (const name of [...names, TEMPLATE_DB]) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
  });
  await migrate(urlFor(TEMPLATE_DB));
  await admin(urlFor, async (client) => {
    for (const name of names) await client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`);
  });
}

export async function dropDatabases(urlFor: (db: string) => string, names: string[]) {
  await admin(urlFor, async (client) => {
    for (const name of [...names, TEMPLATE_DB]) await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  });
}

/**
 * A database of the test's own, copied from the migrated template (no rows, never analyzed):
 * for what must start from a new database. `drop` removes it.
 */
export async function scratchDatabase(templateUrl: string, prefix: string) {
  const name = `${prefix}_${crypto.randomUUID().slice(0, 8)}`;
  const urlFor = (database: string) => Object.assign(new URL(templateUrl), { pathname: `/${database}` }).toString();
  await admin(urlFor, (client) => client.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE_DB}"`));
  return { url: urlFor(name), drop: () => admin(urlFor, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)) };
}

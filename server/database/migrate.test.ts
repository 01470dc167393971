import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inject } from "vitest";
import { migrate, MigrationError, readMigrations } from "./migrate";

const templateUrl = inject("templateUrl");
const name = `touchstone_migrate_${crypto.randomUUID().slice(0, 8)}`;
const urlFor = (database: string) => {
  const url = new URL(templateUrl);
  url.pathname = `/${database}`;
  return url.toString();
};

async function onAdmin(sql: string) {
  const client = new pg.Client({ connectionString: urlFor("postgres") });
  await client.connect();
  await client.query(sql);
  await client.end();
}

async function query<T extends pg.QueryResultRow>(sql: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: urlFor(name) });
  await client.connect();
  try {
    return (await client.query<T>(sql)).rows;
  } finally {
    await client.end();
  }
}

describe("offline migrations", () => {
  beforeAll(() => onAdmin(`CREATE DATABASE "${name}"`));
  afterAll(() => onAdmin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));

  it("applies every migration once, even when two processes start together", async () => {
    const results = await Promise.all([migrate(urlFor(name)), migrate(urlFor(name))]);
    const all = readMigrations().map((m) => m.name);
    // One process applied everything; the other waited for the lock and found nothing to do.
    expect(results.map((r) => r.length).sort()).toEqual([0, all.length]);
    expect(await migrate(urlFor(name))).toEqual([]);
  });

  it("records migrations as Prisma does, so prisma migrate status agrees", async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" ORDER BY migration_name`,
    );
    const expected = readMigrations().map((m) => ({
      migration_name: m.name,
      checksum: crypto
        .createHash("sha256")
        .update(fs.readFileSync(path.join("prisma/migrations", m.name, "migration.sql")))
        .digest("hex"),
    }));
    expect(rows.map(({ migration_name, checksum }) => ({ migration_name, checksum }))).toEqual(expected);
    expect(rows.every((row) => row.finished_at instanceof Date)).toBe(true);
  });

  it("refuses to run when an applied migration has been edited", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "migrations-"));
    for (const m of readMigrations()) {
      fs.mkdirSync(path.join(dir, m.name));
      fs.writeFileSync(path.join(dir, m.name, "migration.sql"), `${m.sql}\n-- edited`);
    }
    await expect(migrate(urlFor(name), readMigrations(dir))).rejects.toThrow(MigrationError);
    fs.rmSync(dir, { recursive: true });
  });

  it("rolls back a failing migration whole and reports which one", async () => {
    const broken = { name: "29991231000000_broken", sql: `CREATE TABLE "Half" (id int); SELECT * FROM "NoSuchTable";`, checksum: "x" };
    await expect(migrate(urlFor(name), [...readMigrations(), broken])).rejects.toThrow(/29991231000000_broken failed/);
    const tables = await query<{ n: number }>(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name = 'Half'`);
    expect(tables[0].n).toBe(0);
  });
});

import fs from "node:fs";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

// The migrations are written by hand (docs/decisions/002-offline-migrations.md), so this
// test holds them to schema.prisma: every model field has a column of the right kind and
// nullability, and the database has no column the schema does not know; every primary key,
// unique constraint, index, foreign key (with what happens on delete) and enum the schema
// declares exists, and nothing else does. The generated client trusts the schema: a missing
// unique index makes an upsert fail, a missing cascade makes a delete fail, a missing enum
// value makes a write fail, only in production.

type Field = { model: string; name: string; type: string; optional: boolean; list: boolean; attributes: string };
type Schema = { fields: Field[]; models: Set<string>; enums: Map<string, string[]>; blockAttributes: { model: string; kind: string; args: string }[] };

function readSchema(): Schema {
  const source = fs.readFileSync("prisma/schema.prisma", "utf8").replace(/\/\/.*$/gm, "");
  const enums = new Map([...source.matchAll(/^enum (\w+) \{([\s\S]*?)^\}/gm)].map((m) => [m[1], m[2].split(/\s+/).filter(Boolean)]));
  const models = new Set([...source.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]));
  const fields: Field[] = [];
  const blockAttributes: Schema["blockAttributes"] = [];
  for (const block of source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    for (const line of block[2].split("\n")) {
      const attribute = /^\s+@@(\w+)\((.*)\)\s*$/.exec(line);
      if (attribute) blockAttributes.push({ model: block[1], kind: attribute[1], args: attribute[2] });
      const match = /^\s+(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (match) fields.push({ model: block[1], name: match[1], type: match[2], list: !!match[3], optional: !!match[4], attributes: match[5] });
    }
  }
  return { fields, models, enums, blockAttributes };
}

/** Column lists of `@@index([a, b])`-style attributes; the schema uses no sort orders, names or index types. */
function columnList(args: string): string[] {
  const list = /^\[([^\]]*)\]\s*$/.exec(args);
  if (!list) throw new Error(`schema-drift.test.ts does not understand @@(${args}): teach it, or write the attribute as a plain column list`);
  return list[1].split(",").map((column) => column.trim());
}

const key = (table: string, columns: string[]) => `${table}(${columns.join(", ")})`;

/** What the schema declares that the migrations lack, and the other way round: short failure messages that name the thing. */
function drift(actual: string[], declared: string[]) {
  const count = (list: string[]) => list.reduce((map, item) => map.set(item, (map.get(item) ?? 0) + 1), new Map<string, number>());
  const [have, want] = [count(actual), count(declared)];
  return {
    missingFromMigrations: [...want].filter(([item, n]) => (have.get(item) ?? 0) < n).map(([item]) => item),
    notInSchema: [...have].filter(([item, n]) => (want.get(item) ?? 0) < n).map(([item]) => item),
  };
}
const NO_DRIFT = { missingFromMigrations: [], notInSchema: [] };

const PG_TYPES: Record<string, string[]> = {
  String: ["text"],
  Int: ["integer"],
  BigInt: ["bigint"],
  Boolean: ["boolean"],
  Json: ["jsonb"],
  Bytes: ["bytea"],
  DateTime: ["timestamp with time zone", "date"],
  enum: ["USER-DEFINED"],
};

// Prisma's defaults when a relation says nothing: an optional relation is set to null when its
// target goes, a required one blocks the delete; a changed key cascades.
const ON_DELETE_DEFAULT = { optional: "SetNull", required: "Restrict" };
const PG_ACTIONS: Record<string, string> = { a: "NoAction", r: "Restrict", c: "Cascade", n: "SetNull", d: "SetDefault" };

// Indexes Prisma cannot describe, each kept on purpose by a migration. Listed by name so that a
// new one is a decision written here, and a dropped one is noticed.
const HAND_WRITTEN_INDEXES: Record<string, string> = {
  // Full-text search over comments for the analysis workspace (docs/decisions/008-feedback-analysis.md):
  // an expression index over to_tsvector, which schema.prisma has no syntax for.
  Comment_body_fts_idx: "Comment",
  // Erasure finds the few rows that carry a person's name by their id (app/features/privacy/erasure.server.ts):
  // GIN over the id arrays, only where there are ids.
  Notification_namedUserIds_idx: "Notification",
  OutboxEmail_namedUserIds_idx: "OutboxEmail",
  // One pending copy of a person's data per asker (app/features/privacy/export.server.ts): unique
  // only among queued and running copies, a partial index.
  DataExport_one_pending_key: "DataExport",
};

const IGNORED_TABLES = ["_prisma_migrations", "socket_io_attachments"];

describe("migrations match schema.prisma", () => {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  const schema = readSchema();
  beforeAll(() => client.connect());
  afterAll(() => client.end());

  it("has every field as a column of the right type and nullability, and nothing else", async () => {
    const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> ALL($1)`,
      [IGNORED_TABLES],
    );
    const columns = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
    const fields = schema.fields.filter((field) => !schema.models.has(field.type)); // relation fields have no column
    expect(fields.length).toBeGreaterThan(50);
    for (const field of fields) {
      const name = `${field.model}.${field.name}`;
      const column = columns.get(name);
      expect(column, `${name} has no column`).toBeDefined();
      expect(field.list ? ["ARRAY"] : PG_TYPES[schema.enums.has(field.type) ? "enum" : field.type], `${name} type`).toContain(column!.data_type);
      // Prisma's scalar lists are nullable columns even when the field is not optional.
      if (!field.list) expect(column!.is_nullable === "YES", `${name} nullability`).toBe(field.optional);
      columns.delete(name);
    }
    expect([...columns.keys()], "columns the schema does not describe").toEqual([]);
  });

  it("has every primary key, unique constraint and index the schema declares, and no other", async () => {
    const expected = { primary: [] as string[], unique: [] as string[], index: [] as string[] };
    for (const field of schema.fields) {
      if (/@id\b/.test(field.attributes)) expected.primary.push(key(field.model, [field.name]));
      if (/@unique\b/.test(field.attributes)) expected.unique.push(key(field.model, [field.name]));
    }
    for (const { model, kind, args } of schema.blockAttributes) {
      if (kind === "id") expected.primary.push(key(model, columnList(args)));
      if (kind === "unique") expected.unique.push(key(model, columnList(args)));
      if (kind === "index") expected.index.push(key(model, columnList(args)));
    }
    expect(expected.primary.length).toBe(schema.models.size);
    expect(expected.index.length).toBeGreaterThan(20);

    // Unique indexes and UNIQUE constraints are the same thing to Postgres and to Prisma.
    const { rows } = await client.query<{ name: string; table: string; columns: string[]; primary: boolean; unique: boolean; plain: boolean }>(
      `SELECT ic.relname AS name, tc.relname AS table, i.indisprimary AS primary, i.indisunique AS unique,
              (i.indexprs IS NULL AND i.indpred IS NULL AND am.amname = 'btree') AS plain,
              array(SELECT a.attname FROM unnest(i.indkey[0:i.indnkeyatts - 1]) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns
       FROM pg_index i
       JOIN pg_class ic ON ic.oid = i.indexrelid
       JOIN pg_class tc ON tc.oid = i.indrelid
       JOIN pg_namespace ns ON ns.oid = tc.relnamespace
       JOIN pg_am am ON am.oid = ic.relam
       WHERE ns.nspname = 'public' AND tc.relname <> ALL($1)`,
      [IGNORED_TABLES],
    );
    const handWritten = rows.filter((row) => row.name in HAND_WRITTEN_INDEXES);
    expect(handWritten.map((row) => [row.name, row.table]).sort(), "indexes kept on purpose outside the schema").toEqual(
      Object.entries(HAND_WRITTEN_INDEXES).sort(),
    );
    const described = rows.filter((row) => !(row.name in HAND_WRITTEN_INDEXES));
    const unlike = described.filter((row) => !row.plain).map((row) => row.name);
    expect(unlike, "partial, expression or non-btree indexes the schema cannot describe").toEqual([]);
    const actual = {
      primary: described.filter((row) => row.primary).map((row) => key(row.table, row.columns)),
      unique: described.filter((row) => row.unique && !row.primary).map((row) => key(row.table, row.columns)),
      index: described.filter((row) => !row.unique).map((row) => key(row.table, row.columns)),
    };
    expect(drift(actual.primary, expected.primary), "primary keys").toEqual(NO_DRIFT);
    expect(drift(actual.unique, expected.unique), "unique constraints").toEqual(NO_DRIFT);
    expect(drift(actual.index, expected.index), "indexes").toEqual(NO_DRIFT);
  });

  it("has every foreign key with its on-delete and on-update action, and no other", async () => {
    const expected: string[] = [];
    for (const field of schema.fields) {
      const relation = /@relation\(([^)]*)\)/.exec(field.attributes)?.[1];
      const columns = relation && /fields:\s*\[([^\]]*)\]/.exec(relation)?.[1];
      if (!relation || !columns) continue; // the other side of a relation holds no key
      const references = /references:\s*\[([^\]]*)\]/.exec(relation)![1];
      const onDelete = /onDelete:\s*(\w+)/.exec(relation)?.[1] ?? ON_DELETE_DEFAULT[field.optional ? "optional" : "required"];
      const onUpdate = /onUpdate:\s*(\w+)/.exec(relation)?.[1] ?? "Cascade";
      expected.push(
        `${key(field.model, columnList(`[${columns}]`))} -> ${key(field.type, columnList(`[${references}]`))} on delete ${onDelete}, on update ${onUpdate}`,
      );
    }
    expect(expected.length).toBeGreaterThan(50);

    const { rows } = await client.query<{ table: string; columns: string[]; target: string; target_columns: string[]; on_delete: string; on_update: string }>(
      `SELECT tc.relname AS table, rc.relname AS target, c.confdeltype AS on_delete, c.confupdtype AS on_update,
              array(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS columns,
              array(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY AS k(attnum, n)
                    JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.attnum ORDER BY k.n)::text[] AS target_columns
       FROM pg_constraint c
       JOIN pg_class tc ON tc.oid = c.conrelid
       JOIN pg_class rc ON rc.oid = c.confrelid
       JOIN pg_namespace ns ON ns.oid = tc.relnamespace
       WHERE c.contype = 'f' AND ns.nspname = 'public' AND tc.relname <> ALL($1)`,
      [IGNORED_TABLES],
    );
    const actual = rows.map(
      (row) =>
        `${key(row.table, row.columns)} -> ${key(row.target, row.target_columns)} on delete ${PG_ACTIONS[row.on_delete]}, on update ${PG_ACTIONS[row.on_update]}`,
    );
    expect(drift(actual, expected)).toEqual(NO_DRIFT);
  });

  it("has every enum with its values in order, and no other", async () => {
    const { rows } = await client.query<{ name: string; values: string[] }>(
      `SELECT t.typname AS name, array_agg(e.enumlabel ORDER BY e.enumsortorder)::text[] AS values
       FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid JOIN pg_namespace ns ON ns.oid = t.typnamespace
       WHERE ns.nspname = 'public' GROUP BY t.typname`,
    );
    expect(schema.enums.size).toBeGreaterThan(5);
    const actual = rows.map((row) => `${row.name} { ${row.values.join(" ")} }`);
    expect(
      drift(
        actual,
        [...schema.enums].map(([name, values]) => `${name} { ${values.join(" ")} }`),
      ),
    ).toEqual(NO_DRIFT);
  });

  it("uses each enum for exactly the columns the schema types with it", async () => {
    const { rows } = await client.query<{ column: string; type: string }>(
      `SELECT table_name || '.' || column_name AS column, udt_name AS type FROM information_schema.columns
       WHERE table_schema = 'public' AND data_type = 'USER-DEFINED' AND table_name <> ALL($1)`,
      [IGNORED_TABLES],
    );
    const expected = schema.fields.filter((field) => schema.enums.has(field.type) && !field.list).map((field) => `${field.model}.${field.name}: ${field.type}`);
    expect(
      drift(
        rows.map((row) => `${row.column}: ${row.type}`),
        expected,
      ),
    ).toEqual(NO_DRIFT);
  });
});

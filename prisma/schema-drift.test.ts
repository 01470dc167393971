import fs from "node:fs";
import pg from "pg";
import { describe, expect, it } from "vitest";

// The migrations are written by hand (docs/decisions/002-offline-migrations.md), so this
// test holds them to schema.prisma: every model field has a column of the right kind and
// nullability, and the database has no column the schema does not know.

type Field = { model: string; name: string; type: string; optional: boolean; list: boolean };

function schemaFields(): Field[] {
  const source = fs.readFileSync("prisma/schema.prisma", "utf8");
  const enums = new Set([...source.matchAll(/^enum (\w+) \{/gm)].map((m) => m[1]));
  const models = new Set([...source.matchAll(/^model (\w+) \{/gm)].map((m) => m[1]));
  const fields: Field[] = [];
  for (const block of source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    for (const line of block[2].split("\n")) {
      const match = /^\s+(\w+)\s+(\w+)(\[\])?(\?)?/.exec(line);
      if (!match || models.has(match[2])) continue; // relation fields have no column
      fields.push({ model: block[1], name: match[1], type: enums.has(match[2]) ? "enum" : match[2], list: !!match[3], optional: !!match[4] });
    }
  }
  return fields;
}

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

describe("migrations match schema.prisma", () => {
  it("has every field as a column of the right type and nullability, and nothing else", async () => {
    const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
    await client.connect();
    const { rows } = await client.query<{ table_name: string; column_name: string; data_type: string; is_nullable: string }>(
      `SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name NOT IN ('_prisma_migrations', 'socket_io_attachments')`,
    );
    await client.end();
    const columns = new Map(rows.map((row) => [`${row.table_name}.${row.column_name}`, row]));
    const fields = schemaFields();
    expect(fields.length).toBeGreaterThan(50);
    for (const field of fields) {
      const key = `${field.model}.${field.name}`;
      const column = columns.get(key);
      expect(column, `${key} has no column`).toBeDefined();
      expect(field.list ? ["ARRAY"] : PG_TYPES[field.type], `${key} type`).toContain(column!.data_type);
      // Prisma's scalar lists are nullable columns even when the field is not optional.
      if (!field.list) expect(column!.is_nullable === "YES", `${key} nullability`).toBe(field.optional);
      columns.delete(key);
    }
    expect([...columns.keys()], "columns the schema does not describe").toEqual([]);
  });
});

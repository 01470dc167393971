import { createHash } from "node:crypto";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "~/generated/prisma/client";
import { getEnv } from "./env.server";
import { singleton } from "./singleton.server";

function createClient() {
  const url = getEnv().DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set: start the app with `npm start`, which provides one.");
  // Named (prepared) statements: PostgreSQL parses and plans each distinct statement once per
  // connection instead of on every request; planning the proposal page's statement took longer
  // than running it (ADR 024). A connection pooler in transaction mode needs support for them
  // (PgBouncer 1.21+ with max_prepared_statements) or PREPARED_STATEMENTS=false.
  const statementNameGenerator = getEnv().PREPARED_STATEMENTS ? ({ sql }: { sql: string }) => `ts_${createHash("sha1").update(sql).digest("base64url")}` : undefined;
  return new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 20 }, { statementNameGenerator }) });
}

export const db = singleton("prisma", createClient);
export type Db = typeof db;

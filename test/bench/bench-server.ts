// Shared by the benchmarks: a fresh database on a test PostgreSQL, migrated and seeded
// with the demo data, and the real app (production build) in this process.
import path from "node:path";
import { pathToFileURL } from "node:url";
import pg from "pg";
import { startTestPostgres } from "../helpers/test-database";
import { freePort } from "../helpers/free-port";

export async function startBenchServer(name: string) {
  const postgres = await startTestPostgres();
  const admin = new pg.Client({ connectionString: postgres.urlFor("postgres") });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const port = await freePort();
  Object.assign(process.env, {
    NODE_ENV: "production",
    DATABASE_URL: postgres.urlFor(name),
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: "silent",
    SCHEDULER_INTERVAL_MS: "0",
    // A benchmark posts as fast as it can from a few demo accounts.
    RATE_LIMIT_CONTENT_MULTIPLIER: "100000",
  });
  const { migrate } = await import("../../server/database/migrate");
  await migrate(process.env.DATABASE_URL!);
  const { db } = await import("#app/utils/db.server");
  const { seedDemoData } = await import("../../prisma/seed");
  await seedDemoData(db);
  const { getEnv } = await import("#app/utils/env.server");
  const { createApp } = await import("../../server/app");
  const { createLogger } = await import("../../server/logger");
  const build = await import(pathToFileURL(path.resolve("build/index.js")).href);
  const server = createApp({ build, env: getEnv(), db, log: createLogger("silent") });
  await new Promise<void>((resolve) => server.httpServer.listen(port, "127.0.0.1", resolve));
  return {
    ...server,
    db,
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await server.close();
      await db.$disconnect();
      await postgres.stop();
    },
  };
}

/** Round `round`'s order of `items`: turned by one each round, so each takes every place equally often (ADR 043). */
export function inTurn<T>(items: T[], round: number): T[] {
  const start = round % items.length;
  return [...items.slice(start), ...items.slice(0, start)];
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

export async function signInCookie(url: string, email: string) {
  const response = await fetch(`${url}/auth/sign-in`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email, password: "touchstone-demo" }),
  });
  return response.headers.get("set-cookie")!.split(";")[0];
}

// `npm start`: validate the environment, make sure a database is there (an embedded
// PostgreSQL in ./data when DATABASE_URL is unset), migrate, seed the demo on first start
// (embedded database, or SEED_DEMO_DATA=true), serve.
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { EnvError, parseEnv } from "~/utils/env.server";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./database/embedded-postgres";
import { migrate } from "./database/migrate";
import { createLogger } from "./logger";

const started = Date.now();
let env;
try {
  env = parseEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const log = createLogger(env.LOG_LEVEL);

let embedded: EmbeddedDatabase | null = null;
if (!env.DATABASE_URL) {
  embedded = await startEmbeddedPostgres({
    dataDir: path.join(env.DATA_DIR, "postgres"),
    log: (message) => log.debug({ source: "postgres" }, message),
    notice: (message) => log.warn({ source: "postgres" }, message),
  });
  await embedded.createDatabase("touchstone");
  // The demo decision was made for the embedded database; it holds once DATABASE_URL is set.
  process.env.SEED_DEMO_DATA ||= String(env.SEED_DEMO_DATA);
  process.env.DATABASE_URL = embedded.urlFor("touchstone");
  // One process owns an embedded database, so in-memory socket rooms are enough.
  process.env.SOCKET_ADAPTER ??= "memory";
  log.info({ dataDir: env.DATA_DIR, databaseDir: embedded.dataDir }, "embedded PostgreSQL started");
}

// From here on every module reads the complete environment.
const { getEnv } = await import("~/utils/env.server");
env = getEnv();
const applied = await migrate(env.DATABASE_URL!);
if (applied.length) log.info({ applied }, "migrations applied");

const { db } = await import("~/utils/db.server");
if ((await db.user.count()) === 0) {
  if (env.SEED_DEMO_DATA) {
    const { seedDemoData } = await import("../prisma/seed");
    await seedDemoData(db);
    log.info("demo data created");
  } else {
    log.warn("no accounts yet: create the first administrator with `npm run admin:create -- you@example.org`");
  }
}

const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
const { createApp } = await import("./app");
const server = createApp({ build, env, db, log });
server.httpServer.listen(env.PORT, env.HOST, () => {
  log.info({ url: env!.APP_URL, startupMs: Date.now() - started }, `Touchstone is ready at ${env!.APP_URL}`);
});

let stopping = false;
async function shutdown(signal: string) {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, "shutting down");
  const force = setTimeout(() => process.exit(1), 10_000);
  force.unref();
  await server.close().catch((error) => log.error({ err: error }, "closing the server"));
  await db.$disconnect().catch(() => {});
  await embedded?.stop().catch((error) => log.error({ err: error }, "stopping PostgreSQL"));
  process.exit(0);
}
process.on("SIGTERM", () => void shutdown("SIGTERM"));
process.on("SIGINT", () => void shutdown("SIGINT"));

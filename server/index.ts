// `npm start`: validate the environment, make sure a database is there (an embedded
// PostgreSQL in ./data when DATABASE_URL is unset), migrate, seed the demo on first start
// (embedded database, or SEED_DEMO_DATA=true), serve.
// In production it serves from one worker process per core (WEB_CONCURRENCY), sharing the
// port through node:cluster; the primary owns the embedded database, migrations and seeding,
// and only then starts the workers (ADR 020, docs/scaling.md).
import cluster from "node:cluster";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { EnvError, parseEnv, type Env } from "#app/utils/env.server";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./database/embedded-postgres";
import { migrate } from "./database/migrate";
import { createLogger } from "./logger";

const started = Date.now();
let env: Env;
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
const workers = env.WEB_CONCURRENCY ?? (env.NODE_ENV === "production" ? os.availableParallelism() : 1);

if (cluster.isPrimary) await runPrimary();
else await serve();

/** Prepares the database once, then serves here (one process) or starts the workers. */
async function runPrimary() {
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
    // One process owns an embedded database, so in-memory socket rooms are enough; workers
    // share rooms and events through PostgreSQL.
    if (!process.env.SOCKET_ADAPTER) process.env.SOCKET_ADAPTER = workers > 1 ? "postgres" : "memory";
    log.info({ dataDir: env.DATA_DIR, databaseDir: embedded.dataDir }, "embedded PostgreSQL started");
  }
  const applied = await migrate(process.env.DATABASE_URL!);
  if (applied.length) log.info({ applied }, "migrations applied");
  if (workers === 1) return serve(embedded);

  const { db } = await import("#app/utils/db.server");
  await seedOnFirstStart(db);
  await db.$disconnect();
  // Workers inherit the complete environment, the database's address included.
  if (process.env.SOCKET_ADAPTER === "memory") {
    log.error("SOCKET_ADAPTER=memory cannot carry live events between workers: unset it or set WEB_CONCURRENCY=1");
    process.exit(1);
  }
  process.env.SOCKET_ADAPTER = "postgres";
  let stopping = false;
  const fork = () => cluster.fork({ TOUCHSTONE_WORKER: "1" });
  for (let i = 0; i < workers; i++) fork();
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    log.error({ pid: worker.process.pid, code, signal }, "a worker stopped; starting another");
    fork();
  });
  log.info({ workers }, "workers starting");

  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, "shutting down");
    const force = setTimeout(() => process.exit(1), 15_000);
    force.unref();
    const exited = Object.values(cluster.workers ?? {}).map(
      (worker) => new Promise<void>((resolve) => (worker!.isDead() ? resolve() : worker!.once("exit", () => resolve()))),
    );
    for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGTERM");
    await Promise.all(exited);
    await embedded?.stop().catch((error) => log.error({ err: error }, "stopping PostgreSQL"));
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  process.on("SIGINT", () => void shutdown("SIGINT"));
}

async function seedOnFirstStart(db: (typeof import("#app/utils/db.server"))["db"]) {
  if ((await db.user.count()) > 0) return;
  if (env.SEED_DEMO_DATA) {
    const { seedDemoData } = await import("../prisma/seed");
    await seedDemoData(db);
    log.info("demo data created");
  } else {
    log.warn("no accounts yet: create the first administrator with `npm run admin:create -- you@example.org`");
  }
}

/** One app process: the whole app when there is one, a worker when there are several. */
async function serve(embedded: EmbeddedDatabase | null = null) {
  // From here on every module reads the complete environment.
  const { getEnv } = await import("#app/utils/env.server");
  env = getEnv();
  const { db } = await import("#app/utils/db.server");
  if (cluster.isPrimary) await seedOnFirstStart(db);

  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const { createApp } = await import("./app");
  const server = createApp({ build, env, db, log, webSocketOnly: workers > 1 });
  server.httpServer.listen(env.PORT, env.HOST, () => {
    log.info({ url: env.APP_URL, startupMs: Date.now() - started, pid: process.pid }, `Touchstone is ready at ${env.APP_URL}`);
  });

  let stopping = false;
  async function shutdown(signal: string) {
    if (stopping) return;
    stopping = true;
    log.info({ signal, pid: process.pid }, "shutting down");
    const force = setTimeout(() => process.exit(1), 10_000);
    force.unref();
    await server.close().catch((error) => log.error({ err: error }, "closing the server"));
    await db.$disconnect().catch(() => {});
    await embedded?.stop().catch((error) => log.error({ err: error }, "stopping PostgreSQL"));
    process.exit(0);
  }
  process.on("SIGTERM", () => void shutdown("SIGTERM"));
  // A worker's Ctrl-C reaches the primary too, which stops the workers in order.
  process.on("SIGINT", () => void (cluster.isPrimary ? shutdown("SIGINT") : undefined));
}

import { spawn, type ChildProcess } from "node:child_process";
import type { TestProject } from "vitest/node";
import { freePort } from "../helpers/free-port";
import { dropDatabases, startTestPostgres } from "../helpers/test-database";

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    databaseUrl: string;
  }
}

const DATABASE = "touchstone_e2e";

// The whole app as a user meets it: `server/index.ts` in its own process, migrating and
// seeding the demo data into a fresh database, serving the production build.
export default async function setup(project: TestProject) {
  const postgres = await startTestPostgres();
  await dropDatabases(postgres.urlFor, [DATABASE]);
  const pg = await import("pg");
  const admin = new pg.default.Client({ connectionString: postgres.urlFor("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DATABASE}"`);
  await admin.end();

  const port = await freePort();
  // localhost, not 127.0.0.1: it is the address a newcomer opens.
  const baseUrl = `http://localhost:${port}`;
  const output: string[] = [];
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: {
      ...process.env,
      NODE_ENV: "test",
      PORT: String(port),
      HOST: "127.0.0.1",
      APP_URL: baseUrl,
      DATABASE_URL: postgres.urlFor(DATABASE),
      SEED_DEMO_DATA: "true",
      LOG_LEVEL: "warn",
      // Every browser signs in from 127.0.0.1; the limit itself has its own integration test.
      RATE_LIMIT_AUTH_MAX: "1000",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => output.push(String(chunk)));
  child.stderr!.on("data", (chunk) => output.push(String(chunk)));
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited during start-up:\n${output.join("")}`);
    try {
      if ((await fetch(`${baseUrl}/healthz`)).ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The app did not start:\n${output.join("")}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  project.provide("baseUrl", baseUrl);
  // Browser tests may move time forward (closing a poll) directly in the database.
  project.provide("databaseUrl", postgres.urlFor(DATABASE));

  return async () => {
    await new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
    if (output.some((line) => /"level":(50|60)/.test(line))) console.error(`App errors:\n${output.join("")}`);
    await dropDatabases(postgres.urlFor, [DATABASE]);
    await postgres.stop();
  };
}

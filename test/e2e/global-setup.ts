import type { TestProject } from "vitest/node";
import { startAppProcess } from "../helpers/app-process";
import { dropDatabases, startTestPostgres } from "../helpers/test-database";
import { assertChromiumInstalled, launchBrowserServer } from "./browser";

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
  // Every browser test would fail to launch it; one plain message instead of nine.
  assertChromiumInstalled();
  const postgres = await startTestPostgres();
  await dropDatabases(postgres.urlFor, [DATABASE]);
  const pg = await import("pg");
  const admin = new pg.default.Client({ connectionString: postgres.urlFor("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${DATABASE}"`);
  await admin.end();

  // localhost, not 127.0.0.1: it is the address a newcomer opens.
  const app = await startAppProcess(
    {
      NODE_ENV: "test",
      DATABASE_URL: postgres.urlFor(DATABASE),
      SEED_DEMO_DATA: "true",
      // Every browser signs in from 127.0.0.1; the limit itself has its own integration test.
      RATE_LIMIT_AUTH_MAX: "1000",
      RATE_LIMIT_REGISTRATION_MAX: "1000",
      // The demo accounts post in many browser tests; flood control has its own tests.
      RATE_LIMIT_CONTENT_MULTIPLIER: "1000",
    },
    { host: "localhost" },
  );
  const baseUrl = app.url;
  project.provide("baseUrl", baseUrl);
  // Browser tests may move time forward (closing a poll) directly in the database.
  project.provide("databaseUrl", postgres.urlFor(DATABASE));
  const browser = await launchBrowserServer();
  project.provide("browserEndpoint", browser.wsEndpoint());

  return async () => {
    await browser.close();
    await app.stop();
    if (app.output.some((line) => /"level":(50|60)/.test(line))) console.error(`App errors:\n${app.output.join("")}`);
    await dropDatabases(postgres.urlFor, [DATABASE]);
    await postgres.stop();
  };
}

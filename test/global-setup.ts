import type { TestProject } from "vitest/node";
import { WORKERS } from "../vitest.config";
import { dropDatabases, prepareDatabases, startTestPostgres } from "./helpers/test-database";

export const workerDatabase = (poolId: string | number) => `touchstone_test_${poolId}`;

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrls: Record<string, string>;
    templateUrl: string;
  }
}

type Shared = { ready: Promise<{ urlFor(database: string): string; stop(): Promise<void> }>; users: number };
const names = Array.from({ length: WORKERS }, (_, i) => workerDatabase(i + 1));

// Each project of vitest.config.ts runs this; they share one server and one set of worker
// databases (files of both projects run in the same workers, each worker on its own database).
const shared = globalThis as typeof globalThis & { touchstoneTestPostgres?: Shared };

export default async function setup(project: TestProject) {
  shared.touchstoneTestPostgres ??= {
    users: 0,
    ready: startTestPostgres().then(async (server) => {
      await prepareDatabases(server.urlFor, names);
      return server;
    }),
  };
  const state = shared.touchstoneTestPostgres;
  state.users++;
  const server = await state.ready;
  project.provide("databaseUrls", Object.fromEntries(names.map((name, i) => [String(i + 1), server.urlFor(name)])));
  project.provide("templateUrl", server.urlFor("touchstone_test_template"));
  return async () => {
    if (--state.users > 0) return;
    shared.touchstoneTestPostgres = undefined;
    await dropDatabases(server.urlFor, names);
    await server.stop();
  };
}

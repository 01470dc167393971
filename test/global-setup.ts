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

export default async function setup(project: TestProject) {
  const server = await startTestPostgres();
  const names = Array.from({ length: WORKERS }, (_, i) => workerDatabase(i + 1));
  await prepareDatabases(server.urlFor, names);
  project.provide("databaseUrls", Object.fromEntries(names.map((name, i) => [String(i + 1), server.urlFor(name)])));
  project.provide("templateUrl", server.urlFor("touchstone_test_template"));
  return async () => {
    await dropDatabases(server.urlFor, names);
    await server.stop();
  };
}

import { defineConfig } from "vitest/config";

export const WORKERS = 2;

/**
 * Test files that set the environment for the app they load (its build reads it once per
 * process). They get a fresh process each; every other file shares its worker's loaded
 * modules with the files before it, which halves the suite's time (importing the app
 * cost about 3 s a file). A house rule keeps this list complete (test/house-rules.test.ts).
 */
export const OWN_ENVIRONMENT = ["test/demo-banner.test.ts", "app/utils/flood-control.test.ts"];

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    setupFiles: ["test/setup-worker-db.ts"],
    pool: "forks",
    maxWorkers: WORKERS,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ["default", "./test/summary-reporter.ts"],
    // `extends` adds a project's include and exclude to the root's, so the root names none.
    projects: [
      {
        extends: true,
        test: {
          name: "shared",
          isolate: false,
          include: ["app/**/*.test.{ts,tsx}", "server/**/*.test.ts", "test/**/*.test.ts", "prisma/**/*.test.ts"],
          exclude: ["test/e2e/**", "node_modules/**", ...OWN_ENVIRONMENT],
        },
      },
      { extends: true, test: { name: "own-environment", include: OWN_ENVIRONMENT } },
    ],
  },
});

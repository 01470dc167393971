import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const fixtures = path.resolve(import.meta.dirname, "fixtures/summary-reporter");
const vitestCli = path.resolve(import.meta.dirname, "../node_modules/vitest/vitest.mjs");

/** Runs vitest on the fixture files in a process of its own, as `npm test` would. */
function runFixtures(config: string) {
  // Without this run's own VITEST_* variables, which would make the child think it is a worker.
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: "1" };
  for (const name of Object.keys(env)) if (name.startsWith("VITEST") || name === "NODE_OPTIONS") delete env[name];
  const run = spawnSync(process.execPath, [vitestCli, "run", "--config", path.join(fixtures, config)], { env, encoding: "utf8", timeout: 60_000 });
  return { exitCode: run.status, output: run.stdout + run.stderr };
}

describe("the closing summary line", () => {
  it("counts a file that threw on import and a file whose beforeAll threw as failures, and the run fails", () => {
    const { exitCode, output } = runFixtures("vitest.config.ts");
    expect(output).toContain("vitest: 1 passed, 3 failed, 3 skipped");
    expect(output).toMatch(/test files that failed outside their tests: .*before-all-throws\.fixture\.ts/);
    expect(output).toMatch(/test files that failed outside their tests: .*throws-on-import\.fixture\.ts/);
    expect(exitCode).toBe(1);
  });

  it("counts every file as failed when the global setup stops the run before any file", () => {
    const { exitCode, output } = runFixtures("vitest.global-setup-fails.config.ts");
    expect(output).toContain("vitest: 0 passed, 3 failed");
    expect(output).toContain("test files that never ran: 3");
    expect(output).toContain("Chromium not found at /nonexistent");
    expect(exitCode).toBe(1);
  });
});

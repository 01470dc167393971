import type { Reporter, SerializedError, TestModule, TestSpecification } from "vitest/node";

/**
 * The closing line CI logs are read by: "vitest: N passed, N failed[, N skipped]". A test
 * file that failed outside any test (it threw on import, or a beforeAll did, as when the
 * browser cannot start), a file that never ran (the global setup failed), and an error
 * outside every file each count as a failure, so that a run which tested nothing never
 * reads "0 failed".
 */
export function summarise(
  testModules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<SerializedError> = [],
  scheduledFiles: ReadonlyArray<string> = [],
): string {
  let passed = 0;
  let failed = 0;
  let skipped = 0;
  const filesThatFailedOutsideTests: string[] = [];
  const ran = new Set<string>();
  for (const module of testModules) {
    if (module.state() === "queued" || module.state() === "pending") continue;
    ran.add(module.moduleId);
    let failedHere = 0;
    for (const test of module.children.allTests()) {
      const state = test.result().state;
      if (state === "passed") passed++;
      else if (state === "failed") failedHere++;
      else skipped++;
    }
    failed += failedHere;
    if (module.state() === "failed" && failedHere === 0) filesThatFailedOutsideTests.push(module.relativeModuleId);
  }
  const filesThatNeverRan = scheduledFiles.filter((file) => !ran.has(file));
  failed += filesThatFailedOutsideTests.length + filesThatNeverRan.length + unhandledErrors.length;

  const lines = [`vitest: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`];
  if (filesThatFailedOutsideTests.length) lines.push(`test files that failed outside their tests: ${filesThatFailedOutsideTests.join(", ")}`);
  if (filesThatNeverRan.length) lines.push(`test files that never ran: ${filesThatNeverRan.length} (the run stopped before them: see its error)`);
  if (unhandledErrors.length) lines.push(`errors outside any test: ${unhandledErrors.length}`);
  return lines.join("\n");
}

export default class SummaryReporter implements Reporter {
  private scheduledFiles: string[] = [];

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>) {
    this.scheduledFiles = [...new Set(specifications.map((specification) => specification.moduleId))];
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError>) {
    process.stdout.write(`\n${summarise(testModules, unhandledErrors, this.scheduledFiles)}\n`);
  }
}

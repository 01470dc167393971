// Imported first by flood-control tests: the real per-account limits, not the relaxed ones
// every other test runs with (test/setup-worker-db.ts). Read when first needed, so it is
// set before any module or the app build reads the environment.
process.env.RATE_LIMIT_CONTENT_MULTIPLIER = "1";

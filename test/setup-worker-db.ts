import { inject } from "vitest";

// Each worker has its own database, copied from the migrated template, so test files in
// different workers never see each other's rows. This runs before any test imports the app.
const poolId = process.env.VITEST_POOL_ID ?? "1";
const url = inject("databaseUrls")[poolId];
if (!url) throw new Error(`No test database for worker ${poolId}`);
process.env.DATABASE_URL = url;
process.env.NODE_ENV = "test";
process.env.SOCKET_ADAPTER ??= "memory";
process.env.LOG_LEVEL ??= "silent";
process.env.RATE_LIMIT_AUTH_MAX ??= "1000";
process.env.RATE_LIMIT_REGISTRATION_MAX ??= "100000";
// Tests post freely; flood control has its own tests, which set this to 1.
process.env.RATE_LIMIT_CONTENT_MULTIPLIER ??= "1000";
// Tests drive the scheduler themselves, at the times they choose.
process.env.SCHEDULER_INTERVAL_MS = "0";
// Pages are rendered fresh unless a test is about the cache.
process.env.PAGE_CACHE_MS = "0";

// npm run bench:http — the production build under load, against a bare Express baseline.
// Prints: RESULT http home_rps=<n> home_p95_ms=<n> signed_in_p95_ms=<n> baseline_rps=<n> ...
// and the home and account pages again as Chrome asks for them, compressed (browser_*, ADR 036).
import os from "node:os";

import autocannon from "autocannon";
import express from "express";
import { startTestPostgres } from "../helpers/test-database";
import { startAppProcess } from "../helpers/app-process";
import { freePort } from "../helpers/free-port";

const CONNECTIONS = 20;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);

/** Runs autocannon and computes the 95th percentile from every response's latency. */
function load(url: string, headers: Record<string, string> = {}): Promise<{ rps: number; p95: number }> {
  return new Promise((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon({ url, connections: CONNECTIONS, duration: DURATION_S, headers }, (error, result) => {
      if (error) return reject(error);
      if (result.non2xx > 0 || result.errors > 0) return reject(new Error(`${url}: ${result.non2xx} non-2xx, ${result.errors} errors`));
      latencies.sort((a, b) => a - b);
      const p95 = latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * 0.95))];
      resolve({ rps: Math.round(result.requests.average), p95: Math.round(p95 * 10) / 10 });
    });
    instance.on("response", (_client: unknown, _status: number, _bytes: number, responseTime: number) => latencies.push(responseTime));
  });
}

const postgres = await startTestPostgres();
const pg = await import("pg");
const admin = new pg.default.Client({ connectionString: postgres.urlFor("postgres") });
await admin.connect();
await admin.query(`DROP DATABASE IF EXISTS touchstone_bench WITH (FORCE)`);
await admin.query(`CREATE DATABASE touchstone_bench`);
await admin.end();

const app = await startAppProcess({
  NODE_ENV: "production",
  DATABASE_URL: postgres.urlFor("touchstone_bench"),
  SEED_DEMO_DATA: "true",
  RATE_LIMIT_CONTENT_MULTIPLIER: "100000",
});
const url = app.url;
try {
  // A signed-in page: sign in as a demo account through the real form.
  const signIn = await fetch(`${url}/auth/sign-in`, {
    method: "POST",
    redirect: "manual",
    body: new URLSearchParams({ email: "member@example.org", password: "touchstone-demo" }),
  });
  const cookie = signIn.headers.get("set-cookie")!.split(";")[0];

  const homeBytes = Buffer.from(await (await fetch(url)).arrayBuffer());
  await load(url); // warm-up
  const home = await load(url);
  await load(`${url}/account`, { cookie }); // warm-up, as for the home page
  // "own": the reader's render reused while what it shows is unchanged (ADR 024).
  const signedInServed = (await fetch(`${url}/account`, { headers: { cookie } })).headers.get("x-page-cache") ?? "rendered";
  const signedIn = await load(`${url}/account`, { cookie });
  const browser = { "accept-encoding": "gzip, deflate, br, zstd" };
  await load(url, browser);
  const homeBrowser = await load(url, browser);
  await load(`${url}/account`, { cookie, ...browser });
  const signedInBrowser = await load(`${url}/account`, { cookie, ...browser });

  // The baseline: a bare Express route serving the same bytes from memory.
  const bare = express();
  bare.get("/", (_req, res) => res.type("html").send(homeBytes));
  const basePort = await freePort();
  const baseServer = bare.listen(basePort, "127.0.0.1");
  await load(`http://127.0.0.1:${basePort}/`);
  const baseline = await load(`http://127.0.0.1:${basePort}/`);
  baseServer.close();

  console.log(
    `RESULT http home_rps=${home.rps} home_p95_ms=${home.p95} signed_in_rps=${signedIn.rps} signed_in_p95_ms=${signedIn.p95} baseline_rps=${baseline.rps} ratio=${(home.rps / baseline.rps).toFixed(2)} cpus=${os.cpus().length} signed_in_served=${signedInServed} browser_home_rps=${homeBrowser.rps} browser_home_p95_ms=${homeBrowser.p95} browser_signed_in_rps=${signedInBrowser.rps} browser_signed_in_p95_ms=${signedInBrowser.p95}`,
  );
} finally {
  await app.stop();
  await postgres.stop();
}

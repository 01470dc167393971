// npm run bench:startup — time from `npm start` (build included) to the first served page,
// on a fresh data directory (initdb, migrations, demo data) and again on a restart.
// Prints: RESULT startup first_ms=<n> restart_ms=<n>
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freePort } from "../helpers/free-port";

async function timeToFirstPage(dataDir: string): Promise<number> {
  const port = await freePort();
  const started = Date.now();
  const child = spawn("npm", ["start"], {
    env: { ...process.env, PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: "warn", DATABASE_URL: "" },
    stdio: "ignore",
    detached: true,
  });
  try {
    for (;;) {
      try {
        if ((await fetch(`http://127.0.0.1:${port}/`)).ok) return Date.now() - started;
      } catch {}
      if (Date.now() - started > 60_000) throw new Error("no page within 60 s");
      await new Promise((r) => setTimeout(r, 50));
    }
  } finally {
    process.kill(-child.pid!, "SIGTERM");
    await new Promise((r) => child.once("exit", r));
  }
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-startup-"));
fs.chmodSync(dataDir, 0o755); // reachable by the postgres user when running as root
try {
  const first = await timeToFirstPage(dataDir);
  const restart = await timeToFirstPage(dataDir);
  console.log(`RESULT startup first_ms=${first} restart_ms=${restart}`);
} finally {
  fs.rmSync(dataDir, { recursive: true, force: true });
}

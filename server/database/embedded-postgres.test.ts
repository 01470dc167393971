import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startEmbeddedPostgres, type EmbeddedDatabase } from "./embedded-postgres";

let first: EmbeddedDatabase | undefined;
// Under root the cluster runs as the postgres user, which must be able to reach the folder.
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "touchstone-pg-"));
fs.chmodSync(dir, 0o755);
afterAll(async () => {
  await first?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("the embedded database", () => {
  it("says plainly when a PostgreSQL is already running on its folder, instead of failing on the lock", async () => {
    first = await startEmbeddedPostgres({ dataDir: path.join(dir, "data") });
    await expect(startEmbeddedPostgres({ dataDir: path.join(dir, "data") })).rejects.toThrow(/PostgreSQL \(process \d+\) is already running on .*stop it with "kill \d+"/);
  });
});

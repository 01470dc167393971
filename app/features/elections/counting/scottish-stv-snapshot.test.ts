import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { SNAPSHOT_FILE, scottishCounts } from "../../../../test/counting/scottish-stv-snapshot";

describe("Scottish STV does not change", () => {
  it("counts the reference ballots and 400 seeded elections exactly as the stored snapshot, stage by stage", () => {
    const stored = JSON.parse(fs.readFileSync(SNAPSHOT_FILE, "utf8")) as ReturnType<typeof scottishCounts>;
    const now = scottishCounts();
    expect(now).toHaveLength(stored.length);
    // One election at a time, so a failure names the election that changed.
    for (let i = 0; i < stored.length; i++) expect(now[i], stored[i].name).toEqual(stored[i]);
  });
});

import { execFile } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BltError, parseBlt, writeBlt, type Election } from "./blt";
import { countStv } from "./stv";

// Public ballot files kept in the project (see test/fixtures/ballots/README.md).
const REFERENCE = path.resolve(import.meta.dirname, "../../../../test/fixtures/ballots");
const referenceFiles = fs
  .readdirSync(REFERENCE)
  .filter((f) => f.endsWith(".blt"))
  .sort();

function errorOf(source: string): BltError {
  try {
    parseBlt(source);
  } catch (error) {
    if (error instanceof BltError) return error;
    throw error;
  }
  throw new Error("parsed without error");
}

describe("BLT import", () => {
  it("reads counts, withdrawn candidates, weighted ballots, quoted names and the title", () => {
    const election = parseBlt('4 2\n-3\n3 1 2 0\n2 4 0\n1 0\n0\n"Ann"\n"Bea ""B"" Cole"\n"Cal"\n"Dee"\n"By-election"\n');
    expect(election).toEqual({
      title: "By-election",
      seats: 2,
      candidates: ["Ann", 'Bea "B" Cole', "Cal", "Dee"],
      withdrawn: [2],
      ballots: [
        { weight: 3, ranking: [0, 1] },
        { weight: 2, ranking: [3] },
        { weight: 1, ranking: [] },
      ],
    });
  });

  it.each([
    ["", 1, "the file is empty"],
    ["two 1\n0\n", 1, "expected the number of candidates and the number of seats"],
    ["2 3\n0\n", 1, "3 seats but only 2 candidates"],
    ['2 1\n-5\n0\n"A"\n"B"\n"T"\n', 2, "there is no candidate 5 to withdraw"],
    ['2 1\n1 1 2\n0\n"A"\n"B"\n"T"\n', 2, "a ballot line must end with 0"],
    ['2 1\n1 1 3 0\n0\n"A"\n"B"\n"T"\n', 2, "there is no candidate 3"],
    ['2 1\n1 1 1 0\n0\n"A"\n"B"\n"T"\n', 2, "candidate 1 is ranked twice on one ballot"],
    ['2 1\n1 1 x 0\n0\n"A"\n"B"\n"T"\n', 2, 'expected a ballot line of whole numbers, found "1 1 x 0"'],
    ["2 1\n1 1 0\n", 3, "the ballots never end"],
    ['2 1\n1 1 0\n0\n"A"\nB\n"T"\n', 5, 'expected the name of candidate 2 in double quotes, found "B"'],
    ['2 1\n1 1 0\n0\n"A"\n"B"\n', 6, "expected the election's title"],
    ['2 1\n1 1 0\n0\n"A"\n"B"\n"T"\n"extra"\n', 7, "unexpected text after the title"],
  ])("rejects %j at line %i: %s", (source, line, reason) => {
    const error = errorOf(source);
    expect(error.line).toBe(line);
    expect(error.reason).toContain(reason);
  });

  it("writes what it reads: export then import gives the same election, identical ballots merged", () => {
    const arbitrary = fc.integer({ min: 1, max: 6 }).chain((n) =>
      fc.record({
        title: fc.string({ maxLength: 20 }).filter((t) => !/[\r\n]/.test(t)),
        seats: fc.integer({ min: 1, max: n }),
        candidates: fc.array(
          fc.string({ minLength: 1, maxLength: 12 }).filter((t) => !/[\r\n]/.test(t) && t.trim() === t),
          { minLength: n, maxLength: n },
        ),
        withdrawn: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n - 1 }),
        ballots: fc.array(
          fc.record({ weight: fc.integer({ min: 1, max: 50 }), ranking: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: n }) }),
        ),
      }),
    );
    fc.assert(
      fc.property(arbitrary, (election: Election) => {
        const again = parseBlt(writeBlt(election));
        const tally = (e: Election) => {
          const m = new Map<string, number>();
          for (const b of e.ballots) m.set(b.ranking.join(","), (m.get(b.ranking.join(",")) ?? 0) + b.weight);
          return [...m.entries()].sort();
        };
        expect({ ...again, ballots: tally(again) }).toEqual({ ...election, ballots: tally(election) });
      }),
      { numRuns: 200 },
    );
  });
});

describe("the published reference ballots", () => {
  it("are all there: thirteen files, two of them malformed on purpose", () => {
    expect(referenceFiles).toEqual(Array.from({ length: 13 }, (_, i) => `ballots-${String(i + 1).padStart(2, "0")}.blt`));
  });

  const malformed: Record<string, { line: number; reason: string }> = {
    "ballots-10.blt": { line: 932, reason: "expected the election's title in double quotes" },
    "ballots-13.blt": { line: 1, reason: "expected the number of candidates and the number of seats" },
  };

  it.each(referenceFiles)("%s is imported and counted under both STV rule sets, or rejected with the line and reason", (file) => {
    const source = fs.readFileSync(path.join(REFERENCE, file), "utf8");
    if (malformed[file]) {
      const error = errorOf(source);
      expect({ line: error.line, reason: error.reason.slice(0, malformed[file].reason.length) }).toEqual(malformed[file]);
      return;
    }
    const election = parseBlt(source);
    for (const method of ["scottish-stv", "ers97"] as const) {
      const result = countStv(election, method);
      const standing = election.candidates.length - election.withdrawn.length;
      expect(result.elected).toHaveLength(Math.min(election.seats, standing));
      expect(result.elected.every((name) => !election.withdrawn.map((c) => election.candidates[c]).includes(name))).toBe(true);
    }
  });

  it("reproduces a real Scottish council count: Dundee 2022, Ward 5 (Maryfield)", () => {
    const result = countStv(parseBlt(fs.readFileSync(path.join(REFERENCE, "ballots-09.blt"), "utf8")), "scottish-stv");
    expect(result.quota).toBe("1054.00000");
    expect([...result.elected].sort()).toEqual(["Georgia CRUICKSHANK", "Ken LYNN", "Lynne SHORT"]);
  });

  it("never elects a withdrawn candidate", () => {
    const election = parseBlt(fs.readFileSync(path.join(REFERENCE, "ballots-06.blt"), "utf8"));
    expect(election.withdrawn).toEqual([3]);
    expect(countStv(election, "scottish-stv").elected).not.toContain(election.candidates[3]);
  });
});

describe("npm run count", () => {
  const run = promisify(execFile);
  const cli = (args: string[]) => run(process.execPath, ["--import", "tsx", "scripts/count.ts", ...args]);
  const file = (name: string, text: string) => {
    const target = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "blt-")), name);
    fs.writeFileSync(target, text);
    return target;
  };
  const wikipedia = '4 2\n16 1 2 3 4 0\n24 1 3 2 4 0\n15 4 1 2 3 0\n2 4 1 2 3 0\n0\n"Andrea"\n"Brad"\n"Carter"\n"Delilah"\n"Wikipedia example"\n';

  it("prints one JSON object with the method, seats, winners in order, tie and stages", async () => {
    const { stdout } = await cli([file("w.blt", wikipedia), "--method", "scottish-stv", "--json"]);
    const result = JSON.parse(stdout);
    expect(result).toMatchObject({ method: "scottish-stv", seats: 2, elected: ["Andrea", "Carter"], tie: false });
    expect(result.stages.length).toBeGreaterThan(1);
    const ers = JSON.parse((await cli([file("w.blt", wikipedia), "--method", "ers97", "--json"])).stdout);
    expect(ers).toMatchObject({ method: "ers97", elected: ["Andrea", "Carter"] });
  });

  it("prints a readable stage-by-stage sheet without --json", async () => {
    const { stdout } = await cli([file("w.blt", wikipedia), "--method", "scottish-stv"]);
    expect(stdout).toContain("Stage 2: Surplus of Andrea");
    expect(stdout).toContain("Elected, in order: Andrea, Carter");
  });

  it("refuses a malformed file and an unknown method with a clear message and a failing exit code", async () => {
    await expect(cli([file("bad.blt", '2 1\n1 1 3 0\n0\n"A"\n"B"\n"T"\n'), "--json"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining("malformed BLT file, line 2: there is no candidate 3"),
    });
    await expect(cli([file("w.blt", wikipedia), "--method", "meek"])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('Unknown method "meek"'),
    });
  });
});

import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBlt, type Election } from "./blt";
import { countElection } from "./count";
import { countStv } from "./stv";

const election = (candidates: string[], seats: number, lines: [number, string][]): Election => ({
  title: "Test",
  seats,
  candidates,
  withdrawn: [],
  ballots: lines.map(([weight, ranking]) => ({
    weight,
    ranking: ranking
      .split(" ")
      .filter(Boolean)
      .map((name) => candidates.indexOf(name)),
  })),
});

const stage = (result: ReturnType<typeof countStv>, n: number) => {
  const s = result.stages[n - 1];
  return Object.fromEntries(result.candidates.map((c, i) => [c, s.votes[i]]));
};

describe("Scottish STV (SSI 2007/42, schedule 1, rules 45-52)", () => {
  // Wikipedia, "Counting single transferable votes": worked by hand in the article.
  const wikipedia = election(["Andrea", "Brad", "Carter", "Delilah"], 2, [
    [16, "Andrea Brad Carter Delilah"],
    [24, "Andrea Carter Brad Delilah"],
    [15, "Delilah Andrea Brad Carter"],
    [2, "Delilah Andrea Brad Carter"],
  ]);

  it("uses the Droop quota with fractions disregarded, and transfers a surplus at surplus/total", () => {
    const result = countStv(wikipedia, "scottish-stv");
    expect(result.quota).toBe("20.00000"); // 57 / 3 + 1
    expect(stage(result, 1)).toEqual({ Andrea: "40.00000", Brad: "0.00000", Carter: "0.00000", Delilah: "17.00000" });
    expect(result.stages[0].elected).toEqual(["Andrea"]);
    // Surplus 20 of 40: each paper goes on at 0.5.
    expect(stage(result, 2)).toEqual({ Andrea: "20.00000", Brad: "8.00000", Carter: "12.00000", Delilah: "17.00000" });
    // Brad is lowest; his papers (at 0.5) go to Carter, who reaches the quota.
    expect(result.stages[2].action).toBe("Exclusion of Brad");
    expect(stage(result, 3).Carter).toBe("20.00000");
    expect(result.elected).toEqual(["Andrea", "Carter"]);
    expect(result.tie).toBe(false);
  });

  it("truncates each transfer value to five decimal places and records the loss from fractions", () => {
    const result = countStv(
      election(["A", "B", "C"], 2, [
        [7, "A B"],
        [3, "B"],
        [1, "C"],
      ]),
      "scottish-stv",
    );
    expect(result.quota).toBe("4.00000"); // 11 / 3 + 1
    // Surplus 3 over 7 papers: 0.428571... becomes 0.42857 a paper.
    expect(stage(result, 2).B).toBe("5.99999");
    expect(result.stages[1].lossFromFractions).toBe("0.00001");
    expect(result.elected).toEqual(["A", "B"]);
  });

  it("looks back to the most recent stage at which tied candidates differed", () => {
    const result = countStv(tieElection, "scottish-stv");
    // X and Y tie on 5 at stage 4; at stage 3 X had 4 and Y had 5, so X is excluded.
    expect(stage(result, 4)).toMatchObject({ X: "5.00000", Y: "5.00000" });
    expect(result.stages[4].excluded).toEqual(["X"]);
    expect(result.elected).toEqual(["W", "Y"]);
    expect(result.draws).toEqual([]);
  });
});

// W is elected at once; L1 (2 papers for Y) then L2 (1 paper for X) are excluded, leaving X and
// Y on 5 each. They differed earliest at stage 1 (X 4, Y 3) and most recently at stage 3 (X 4, Y 5).
const tieElection = election(["W", "X", "Y", "L1", "L2"], 2, [
  [20, "W"],
  [4, "X"],
  [3, "Y"],
  [2, "L1 Y"],
  [1, "L2 X"],
  [2, "L2"],
]);

// A is elected on first preferences and B on A's surplus; B's surplus then differs: ERS97
// passes on only the parcel that elected B (on to D), Scottish STV all B's papers (mostly to C).
const parcelElection = election(["A", "B", "C", "D", "E"], 3, [
  [10, "A B D"],
  [5, "B C"],
  [4, "C"],
  [4, "D"],
  [1, "E"],
]);

describe("ERS97 (Electoral Reform Society, 1997, section 5)", () => {
  it("ERS97 5.1.6: the quota is votes/(seats+1) to two decimal places, rounded up only if not exact", () => {
    expect(
      countStv(
        election(["A", "B", "C"], 2, [
          [4, "A B"],
          [2, "C"],
        ]),
        "ers97",
      ).quota,
    ).toBe("2.00"); // 6/3 exactly
    expect(
      countStv(
        election(["A", "B", "C"], 2, [
          [4, "A B"],
          [3, "C"],
        ]),
        "ers97",
      ).quota,
    ).toBe("2.34"); // 7/3 = 2.333...
    expect(
      countStv(
        election(["A", "B"], 1, [
          [3, "A"],
          [2, "B"],
        ]),
        "ers97",
      ).quota,
    ).toBe("2.50"); // 5/2 exactly, at 0.01
  });

  it("ERS97 5.3.2, 5.3.7: a later surplus comes from the last parcel only, at surplus/papers rounded down", () => {
    const result = countStv(parcelElection, "ers97");
    expect(result.quota).toBe("6.00"); // 24/4 exactly
    // A's surplus 4.00 over 10 papers: 0.40 each, so B gets 4.00 and is elected on 9.00.
    expect(stage(result, 2)).toMatchObject({ A: "6.00", B: "9.00" });
    expect(result.stages[1].elected).toEqual(["B"]);
    // Then B's surplus, from the 10 papers at 0.40 only: 3.00 over 10 papers, 0.30 each to D, none to C.
    expect(result.stages[3].action).toBe("Surplus of B");
    expect(result.stages[3].transfers[2]).toBe("0.00");
    expect(result.stages[3].transfers[3]).toBe("3.00");
    expect(result.elected).toEqual(["A", "B", "D"]);
  });

  it('ERS97 5.2.2(a): a surplus that does not exceed ("<=") the gap between the two lowest waits', () => {
    const result = countStv(parcelElection, "ers97");
    // After stage 2: B's surplus is 3.00, and E (1) is exactly 3.00 below C and D (4): deferred, E excluded first.
    expect(stage(result, 2)).toMatchObject({ B: "9.00", C: "4.00", D: "4.00", E: "1.00" });
    expect(result.stages[2].action).toBe("Exclusion of E: papers at 1.00");
    expect(result.stages[3].action).toBe("Surplus of B");
  });

  it("ERS97 5.2.2(b), 5.2.5: a surplus waits for a group whose votes with it do not exceed the next above, excluded together; 5.3.13(b) then elects below the quota", () => {
    // Quota 18/3 = 6.00. A (7) has a surplus of 1.00: more than the gap between D and E (0), but
    // D + E + 1.00 = 3.00 does not exceed B's 4: the surplus waits and D and E go together.
    const result = countStv(
      election(["A", "B", "C", "D", "E"], 2, [
        [7, "A E C"],
        [4, "B"],
        [5, "C"],
        [1, "D B"],
        [1, "E"],
      ]),
      "ers97",
    );
    expect(result.quota).toBe("6.00");
    expect(result.stages[1].action).toBe("Exclusion of D, E: papers at 1.00");
    expect(result.stages[1].excluded).toEqual(["D", "E"]);
    expect(stage(result, 2)).toMatchObject({ A: "7.00", B: "5.00", C: "5.00", D: "0.00", E: "0.00" });
    // A's surplus then passes over the excluded E to C: 1.00 / 7 papers = 0.14 each, 0.98 in all.
    expect(result.stages[2].action).toBe("Surplus of A");
    expect(stage(result, 3).C).toBe("5.98");
    // C has less than the quota but more than the total active vote (18 - 1 - 0.02 - 6 = 10.98)
    // divided by one more than the one place left (5.49): deemed elected.
    expect(result.stages[2].elected).toEqual(["C"]);
    expect(result.elected).toEqual(["A", "C"]);
  });

  it("ERS97 5.2.5: as many of the lowest as possible go together, while their votes do not exceed the vote next above", () => {
    // E 1, D 2, C 3 total 6, not above B's 15; adding B (21) would exceed A's 20. One stage excludes all three.
    const result = countStv(
      election(["A", "B", "C", "D", "E"], 1, [
        [20, "A"],
        [15, "B"],
        [3, "C B"],
        [2, "D B"],
        [1, "E B"],
      ]),
      "ers97",
    );
    expect(result.stages[1].action).toBe("Exclusion of E, D, C: papers at 1.00");
    expect(stage(result, 2).B).toBe("21.00");
    expect(result.stages).toHaveLength(2);
    expect(result.elected).toEqual(["B"]);
  });

  it("ERS97 5.4.8: papers non-transferable before anyone is elected lower the quota, and the surplus is measured from it", () => {
    // Quota 132/3 = 44.00; nobody has it. E (10) and D (20) go together (30 does not exceed B's 30),
    // their 30 papers have no next preference, so the quota becomes 102/3 = 34.00 and A (40) is
    // elected with a surplus of 6.00, which lifts B (30) over C (32).
    const result = countStv(
      election(["A", "B", "C", "D", "E"], 2, [
        [40, "A B"],
        [30, "B"],
        [32, "C"],
        [20, "D"],
        [10, "E"],
      ]),
      "ers97",
    );
    expect(result.stages[0].elected).toEqual([]);
    expect(result.stages[1].action).toBe("Exclusion of E, D: papers at 1.00; quota recalculated to 34.00");
    expect(result.stages[1].nonTransferable).toBe("30.00");
    expect(result.stages[1].elected).toEqual(["A"]);
    expect(result.quota).toBe("34.00");
    // 6.00 over A's 40 papers: 0.15 each.
    expect(result.stages[2].action).toBe("Surplus of A");
    expect(stage(result, 3)).toMatchObject({ A: "34.00", B: "36.00", C: "32.00" });
    // With the first quota, A would have had no surplus and C (32) would have won the second place.
    expect(result.elected).toEqual(["A", "B"]);
  });

  it("ERS97 5.4.9(b), 5.6.2: level candidates both reaching active vote / (places + 1) for one place: the one ahead at the earliest stage", () => {
    const ties = countStv(tieElection, "ers97");
    expect(ties.quota).toBe("10.67"); // 32/3
    // After L1 and L2 go, X and Y have 5 each, below the quota; the active vote is 32 - 9.33 (W's
    // papers, exhausted) - 2 (L2's) - 10.67 (W keeps) = 10, and 10 / (1 + 1) = 5: both reach it.
    const last = ties.stages.at(-1)!;
    expect(last.action).toBe("Exclusion of L2: papers at 1.00");
    expect(stage(ties, ties.stages.length)).toMatchObject({ X: "5.00", Y: "5.00" });
    // At the first stage X had 4 and Y 3: X is deemed elected, and Y is never excluded.
    expect(last.elected).toEqual(["X"]);
    expect(ties.stages.flatMap((s) => s.excluded)).not.toContain("Y");
    expect(ties.elected).toEqual(["W", "X"]);
    expect(ties.draws).toEqual([]);
  });

  it("ERS97 5.6.2: candidates level at every stage, too many for the places, are not deemed elected at that stage", () => {
    // Quota 6/3 = 2.00 exactly: all three reach it, with two places and nothing to tell them apart.
    const result = countStv(
      election(["A", "B", "C"], 2, [
        [2, "A"],
        [2, "B"],
        [2, "C"],
      ]),
      "ers97",
      { seed: "fixed" },
    );
    expect(result.stages[0].elected).toEqual([]);
    // So one is excluded, by lot, and that lot decides who is elected: a tie.
    expect(result.draws[0]).toMatchObject({ purpose: "exclusion", among: ["A", "B", "C"] });
    expect(result.elected).toHaveLength(2);
    expect(result.tie).toBe(true);
  });

  it("ERS97 5.5.2: once every place is filled, the remaining batches of an exclusion are not transferred", () => {
    // Quota 30/3 = 10.00. A's surplus (2.00 over 12 papers, 0.16 each) gives X 0.96 and B 0.96.
    // X is excluded: the batch at 1.00 (5 papers to B) elects B, so the batch at 0.16 stays with X.
    const result = countStv(
      election(["A", "B", "C", "X"], 2, [
        [6, "A X B"],
        [6, "A B"],
        [5, "X B"],
        [6, "C"],
        [7, "B"],
      ]),
      "ers97",
    );
    expect(stage(result, 2)).toMatchObject({ X: "5.96", B: "7.96", C: "6.00" });
    const last = result.stages.at(-1)!;
    expect(last.action).toBe("Exclusion of X: papers at 1.00");
    expect(last.elected).toEqual(["B"]);
    expect(stage(result, result.stages.length).X).toBe("0.96");
    expect(last.nonTransferable).toBe("0.00");
    expect(result.elected).toEqual(["A", "B"]);
  });

  it("ERS97 5.2.5: where the group's edge falls between level candidates, who goes is drawn, and a draw that decides the seat is a tie", () => {
    // Quota 15/3 = 5.00: W elected. Z has no votes; Z with P or Q (0 + 3) does not exceed the
    // other's 3, so two go together, but P and Q have been level throughout: a lot. If P goes,
    // Q wins on P's papers; if Q goes, R wins on Q's.
    const tied = election(["W", "P", "Q", "R", "Z"], 2, [
      [5, "W"],
      [3, "P Q"],
      [3, "Q R"],
      [4, "R"],
    ]);
    const result = countStv(tied, "ers97", { seed: "fixed" });
    expect(result.stages[1].excluded).toHaveLength(2);
    expect(result.stages[1].excluded).toContain("Z");
    expect(result.draws).toEqual([expect.objectContaining({ purpose: "exclusion", among: ["P", "Q"] })]);
    expect(result.tie).toBe(true);
    const winners = new Set(Array.from({ length: 12 }, (_, i) => countStv(tied, "ers97", { seed: `s${i}` }).elected[1]));
    expect(winners).toEqual(new Set(["Q", "R"]));
  });

  it("counts the ERS97 model election as the published worked example begins (ERS97 section 8)", () => {
    const model = parseBlt(fs.readFileSync(path.resolve(import.meta.dirname, "../../../../test/fixtures/ballots/ballots-11.blt"), "utf8"));
    const result = countStv(model, "ers97");
    expect(result.validVotes).toBe(753);
    expect(result.quota).toBe("107.58"); // 753/7 = 107.57142
    expect(result.stages[0].elected).toEqual(["Smith"]);
    // Surplus 26.42 over 123 transferable papers: 0.21 each, 0.59 lost to the neglected remainder.
    expect(result.stages[1].action).toBe("Surplus of Smith");
    expect(result.stages[1].lossFromFractions).toBe("0.59");
    expect(result.elected).toHaveLength(6);
  });

  it("differs from Scottish STV where the rules differ", () => {
    // Scottish STV sends B's surplus from all B's papers: 0.625 to C, 0.375 to D, and C wins.
    expect(countStv(parcelElection, "scottish-stv").elected).toEqual(["A", "B", "C"]);
  });
});

describe("ties settled by lot", () => {
  const level = election(["A", "B", "C"], 1, [
    [3, "A"],
    [3, "B"],
    [3, "C"],
  ]);

  it("draws reproducibly from the published seed, and says the draw decided the seat", () => {
    const first = countStv(level, "scottish-stv", { seed: "seed fixed before the close of poll" });
    const again = countStv(level, "scottish-stv", { seed: "seed fixed before the close of poll" });
    expect(again).toEqual(first);
    expect(first.tie).toBe(true);
    expect(first.draws.length).toBeGreaterThan(0);
    expect(first.draws[0]).toMatchObject({ purpose: "exclusion", among: ["A", "B", "C"] });
    const seeds = new Set(Array.from({ length: 12 }, (_, i) => countStv(level, "scottish-stv", { seed: `s${i}` }).elected[0]));
    expect(seeds.size).toBeGreaterThan(1);
  });

  it("does not call it a tie when the draw could not change who is elected", () => {
    // E and F tie for exclusion, but both pass their papers to D, who wins either way.
    const weak = election(["A", "B", "C", "D", "E", "F"], 4, [
      [10, "A C"],
      [8, "B"],
      [6, "C"],
      [5, "D"],
      [3, "E D"],
      [3, "F D"],
    ]);
    const result = countStv(weak, "scottish-stv");
    expect(result.draws).toHaveLength(1);
    expect(result.elected).toEqual(["A", "B", "C", "D"]);
    expect(result.tie).toBe(false);
  });

  it("tells candidates with the same name apart: who is elected by position, and a draw between them is a tie", () => {
    const namesakes = { ...level, candidates: ["Sam", "Sam", "Sam"], ballots: [0, 1, 2].map((c) => ({ weight: 3, ranking: [c] })) };
    for (const method of ["scottish-stv", "ers97", "fptp", "block"] as const) {
      const result = countElection(namesakes, method, { seed: "seed fixed before the close of poll" });
      expect(result.electedIndices, method).toHaveLength(1);
      // Another draw elects another Sam: the seat was decided by lot, though every name reads the same.
      expect(result.tie, method).toBe(true);
    }
    const ahead = countElection({ ...namesakes, ballots: [...namesakes.ballots, { weight: 1, ranking: [2] }] }, "scottish-stv");
    expect(ahead.electedIndices).toEqual([2]);
  });
});

describe("first past the post and block vote", () => {
  const e = election(["A", "B", "C", "D"], 2, [
    [5, "A B"],
    [4, "B C"],
    [3, "C A"],
    [1, "D"],
  ]);
  it("counts first preferences, or each ballot's first choices up to the places", () => {
    expect(countElection({ ...e, seats: 1 }, "fptp").elected).toEqual(["A"]);
    const block = countElection(e, "block");
    expect(block.elected).toEqual(["B", "A"]); // B 9, A 8, C 7
    expect(block.tie).toBe(false);
  });
  it("draws lots only for a tie on the last place", () => {
    const tied = countElection(
      election(["A", "B", "C"], 2, [
        [5, "A"],
        [3, "B"],
        [3, "C"],
      ]),
      "fptp",
      { seed: "x" },
    );
    expect(tied.elected[0]).toBe("A");
    expect(["B", "C"]).toContain(tied.elected[1]);
    expect(tied.tie).toBe(true);
  });
});

describe("properties of every count", () => {
  const arbitraryElection = fc
    .record({ candidates: fc.integer({ min: 1, max: 7 }), seats: fc.integer({ min: 1, max: 4 }) })
    .chain(({ candidates, seats }) =>
      fc.record({
        candidates: fc.constant(candidates),
        seats: fc.constant(Math.min(seats, candidates)),
        ballots: fc.array(
          fc.record({
            weight: fc.integer({ min: 1, max: 40 }),
            ranking: fc.uniqueArray(fc.integer({ min: 0, max: candidates - 1 }), { minLength: 0, maxLength: candidates }),
          }),
          { minLength: 1, maxLength: 30 },
        ),
      }),
    )
    .map(({ candidates, seats, ballots }): Election => ({
      title: "Generated",
      seats,
      candidates: Array.from({ length: candidates }, (_, i) => `C${i}`),
      withdrawn: [],
      ballots,
    }));

  const toUnits = (text: string) => Number(text.replace(".", ""));

  it.each(["scottish-stv", "ers97"] as const)("%s conserves votes at every stage, up to recorded fractions", (method) => {
    fc.assert(
      fc.property(arbitraryElection, (e) => {
        const result = countStv(e, method);
        const scale = method === "scottish-stv" ? 100_000 : 100;
        for (const s of result.stages) {
          const total = s.votes.reduce((sum, v) => sum + toUnits(v), 0) + toUnits(s.nonTransferable) + toUnits(s.lossFromFractions);
          if (total !== result.validVotes * scale) return false;
        }
        return true;
      }),
      { numRuns: 300 },
    );
  });

  it.each(["scottish-stv", "ers97"] as const)("%s fills every place when there are enough candidates", (method) => {
    fc.assert(
      fc.property(arbitraryElection, (e) => {
        const result = countStv(e, method);
        return result.elected.length === Math.min(e.seats, e.candidates.length) && new Set(result.elected).size === result.elected.length;
      }),
      { numRuns: 300 },
    );
  });
});

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Election } from "./blt";
import { countElection } from "./count";
import { countStv } from "./stv";

const election = (candidates: string[], seats: number, lines: [number, string][]): Election => ({
  title: "Test",
  seats,
  candidates,
  withdrawn: [],
  ballots: lines.map(([weight, ranking]) => ({ weight, ranking: ranking.split(" ").filter(Boolean).map((name) => candidates.indexOf(name)) })),
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
    const result = countStv(election(["A", "B", "C"], 2, [[7, "A B"], [3, "B"], [1, "C"]]), "scottish-stv");
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

describe("ERS97 (Electoral Reform Society, 1997)", () => {
  it("sets the quota just above votes/(seats+1), to the next 0.01", () => {
    expect(countStv(election(["A", "B", "C"], 2, [[4, "A B"], [2, "C"]]), "ers97").quota).toBe("2.01"); // 6/3 exactly
    expect(countStv(election(["A", "B", "C"], 2, [[4, "A B"], [3, "C"]]), "ers97").quota).toBe("2.34"); // 7/3 = 2.333...
  });

  it("transfers only the last parcel received, defers a surplus that cannot save the lowest, and looks back to the earliest stage", () => {
    const result = countStv(parcelElection, "ers97");
    expect(result.quota).toBe("6.01");
    // A's surplus 3.99 over 10 papers: 0.39 each, so B gets 3.90 and is elected.
    expect(stage(result, 2)).toMatchObject({ A: "6.01", B: "8.90" });
    expect(result.stages[1].lossFromFractions).toBe("0.09");
    // B's surplus (2.89) is less than the gap between E (1) and the next lowest (4): E goes first.
    expect(result.stages[2].action).toBe("Exclusion of E: papers at 1.00");
    // Then B's surplus, from the 10 papers at 0.39 only: 0.28 each to D, none to C.
    expect(result.stages[3].action).toBe("Surplus of B");
    expect(result.stages[3].transfers[2]).toBe("0.00");
    expect(result.stages[3].transfers[3]).toBe("2.80");
    expect(result.elected).toEqual(["A", "B", "D"]);

    const ties = countStv(tieElection, "ers97");
    expect(ties.stages.at(-2)!.excluded).toEqual(["Y"]);
    expect(ties.elected).toEqual(["W", "X"]);
  });

  it("differs from Scottish STV where the rules differ", () => {
    // Scottish STV sends B's surplus from all B's papers: 0.625 to C, 0.375 to D, and C wins.
    expect(countStv(parcelElection, "scottish-stv").elected).toEqual(["A", "B", "C"]);
  });
});

describe("ties settled by lot", () => {
  const level = election(["A", "B", "C"], 1, [[3, "A"], [3, "B"], [3, "C"]]);

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
    const weak = election(["A", "B", "C", "D", "E", "F"], 4, [[10, "A C"], [8, "B"], [6, "C"], [5, "D"], [3, "E D"], [3, "F D"]]);
    const result = countStv(weak, "scottish-stv");
    expect(result.draws).toHaveLength(1);
    expect(result.elected).toEqual(["A", "B", "C", "D"]);
    expect(result.tie).toBe(false);
  });
});

describe("first past the post and block vote", () => {
  const e = election(["A", "B", "C", "D"], 2, [[5, "A B"], [4, "B C"], [3, "C A"], [1, "D"]]);
  it("counts first preferences, or each ballot's first choices up to the places", () => {
    expect(countElection({ ...e, seats: 1 }, "fptp").elected).toEqual(["A"]);
    const block = countElection(e, "block");
    expect(block.elected).toEqual(["B", "A"]); // B 9, A 8, C 7
    expect(block.tie).toBe(false);
  });
  it("draws lots only for a tie on the last place", () => {
    const tied = countElection(election(["A", "B", "C"], 2, [[5, "A"], [3, "B"], [3, "C"]]), "fptp", { seed: "x" });
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

import { describe, expect, it } from "vitest";
import { countStv } from "./counting/stv";
import { renameCandidate, renameInAction } from "./result-names";

describe("renaming a candidate in a declared result", () => {
  // Ann is excluded first; her papers go to Annabel, who then has the quota.
  const result = countStv(
    {
      title: "Carers' seat",
      seats: 1,
      candidates: ["Ann", "Annabel", "Ann Smith"],
      withdrawn: [],
      ballots: [
        { weight: 2, ranking: [1] },
        { weight: 1, ranking: [0, 1] },
        { weight: 2, ranking: [2] },
      ],
    },
    "scottish-stv",
    { seed: "seed" },
  );

  it("replaces the name wherever the count wrote it for that candidate, and only there", () => {
    expect(result.stages.map((s) => s.action)).toContain("Exclusion of Ann");
    const { result: renamed, from, to } = renameCandidate(result, 0, "Former participant");
    expect({ from, to }).toEqual({ from: "Ann", to: "Former participant" });
    const after = renamed as typeof result;
    expect(after.candidates).toEqual(["Former participant", "Annabel", "Ann Smith"]);
    expect(after.elected).toEqual(result.elected);
    expect(after.stages.map((s) => s.action)).toContain("Exclusion of Former participant");
    expect(after.stages.flatMap((s) => s.excluded)).toEqual(["Former participant"]);
    // Everything else is as counted.
    expect(after.stages.map((s) => s.votes)).toEqual(result.stages.map((s) => s.votes));
    expect(JSON.stringify(after)).not.toMatch(/"Ann"|Ann[,:"]/);
  });

  it("numbers the new name when another candidate already has it, as the count numbers repeated names", () => {
    const once = renameCandidate(result, 2, "Former participant").result;
    const twice = renameCandidate(once, 0, "Former participant");
    expect(twice.to).toBe("Former participant (1)");
    expect((twice.result as typeof result).candidates).toEqual(["Former participant (1)", "Annabel", "Former participant"]);
  });

  it("reads the names in a stage's words one by one, however they overlap", () => {
    const names = ["Ann", "Ann, Smith", "the"];
    expect(renameInAction("Exclusion of Ann, Smith, Ann: papers at 0.50", names, "Ann", "X")).toBe("Exclusion of Ann, Smith, X: papers at 0.50");
    expect(renameInAction("Exclusion of the, Ann (no papers)", names, "the", "X")).toBe("Exclusion of X, Ann (no papers)");
    expect(renameInAction("The remaining candidates fill the remaining places", names, "the", "X")).toBe("The remaining candidates fill the remaining places");
  });

  it("leaves a result it does not understand as it is", () => {
    expect(renameCandidate(null, 0, "X").from).toBeNull();
    expect(renameCandidate({ candidates: [4242] }, 0, "X")).toEqual({ result: { candidates: [4242] }, from: null, to: "X" });
  });
});

import { describe, expect, it } from "vitest";
import { countErs97Reference, hundredths } from "../../../../test/counting/ers97-reference";
import { generatedElections, referenceElections } from "../../../../test/counting/generated-elections";
import type { Election } from "./blt";
import { countStv } from "./stv";

// The engine against a second ERS97 count written separately from the rule text (paper by
// paper, BigInt hundredths; see test/counting/ers97-reference.ts), stage by stage.
describe("ERS97 agrees with a plain reference count written from the rules", () => {
  const elections: { name: string; election: Election }[] = [
    ...referenceElections().map(({ file, election }) => ({ name: file, election })),
    ...generatedElections(400, 5001).map((election) => ({ name: election.title, election })),
  ];

  it("on the reference ballots and 400 seeded elections: same quota, stages, votes, non-transferable votes and winners, and a lot wherever the rules need one", () => {
    let compared = 0;
    for (const { name, election } of elections) {
      const engine = countStv(election, "ers97");
      const reference = countErs97Reference(election);
      const lots = engine.draws.filter((d) => d.purpose !== "order of election");
      if ("lot" in reference) {
        // The rules call for a lot here; the engine must have drawn one too.
        expect(lots.length, `${name}: the reference needed a lot (${reference.lot})`).toBeGreaterThan(0);
        continue;
      }
      compared++;
      const names = (cs: number[]) => cs.map((c) => election.candidates[c]).sort();
      expect(lots, name).toEqual([]);
      expect(engine.quota, name).toBe(hundredths(reference.quota));
      expect([...engine.elected].sort(), name).toEqual(names(reference.elected));
      expect(
        engine.stages.map((s) => ({
          action: s.action.split(";")[0],
          votes: s.votes,
          nonTransferable: hundredths(BigInt(s.nonTransferable.replace(".", "")) + BigInt(s.lossFromFractions.replace(".", ""))),
          elected: [...s.elected].sort(),
          excluded: [...s.excluded].sort(),
        })),
        name,
      ).toEqual(
        reference.stages.map((s) => ({
          action: s.action,
          votes: s.votes.map(hundredths),
          nonTransferable: hundredths(s.nonTransferable),
          elected: names(s.elected),
          excluded: names(s.excluded),
        })),
      );
    }
    // Most elections need no lot, so the comparison covers nearly all of them.
    expect(compared).toBeGreaterThan(elections.length * 0.8);
  });
});

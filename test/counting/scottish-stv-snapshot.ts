// The Scottish STV results that must never change: the engine agreed with an independent
// implementation stage by stage, so any difference from this snapshot is a regression.
// Written once, before ERS97 was changed, by `npx tsx test/counting/scottish-stv-snapshot.ts --write`.
import fs from "node:fs";
import path from "node:path";
import { countStv } from "#app/features/elections/counting/stv";
import { generatedElections, referenceElections } from "./generated-elections";

export const SNAPSHOT_FILE = path.resolve(import.meta.dirname, "scottish-stv-snapshot.json");
export const GENERATED = 400;

/** Every Scottish STV count as plain data: quota, winners, draws, tie, and every stage's figures. */
export function scottishCounts() {
  const elections = [
    ...referenceElections().map(({ file, election }) => ({ name: file, election })),
    ...generatedElections(GENERATED).map((election) => ({ name: election.title, election })),
  ];
  return elections.map(({ name, election }) => {
    const result = countStv(election, "scottish-stv");
    return {
      name,
      quota: result.quota,
      elected: result.elected,
      tie: result.tie,
      draws: result.draws.map((d) => `${d.stage} ${d.purpose}: ${d.chosen} from ${d.among.join(", ")}`),
      stages: result.stages.map((s) =>
        [s.action, s.votes.join(" "), s.nonTransferable, s.lossFromFractions, s.elected.join(", "), s.excluded.join(", ")].join(" | "),
      ),
    };
  });
}

if (process.argv.includes("--write")) {
  fs.writeFileSync(SNAPSHOT_FILE, `${JSON.stringify(scottishCounts(), null, 1)}\n`);
}

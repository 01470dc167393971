import type { Election } from "./blt";
import { countPlurality, type PluralityMethod, type PluralityResult } from "./plurality";
import { countStv, type StvMethod, type StvResult } from "./stv";

export const COUNT_METHODS = ["scottish-stv", "ers97", "fptp", "block"] as const;
export type CountMethod = (typeof COUNT_METHODS)[number];
export type CountResult = StvResult | PluralityResult;

/** The one entry point for counting: pure, no database, no IO. */
export function countElection(election: Election, method: CountMethod, options: { seed?: string } = {}): CountResult {
  return method === "fptp" || method === "block"
    ? countPlurality(election, method as PluralityMethod, options)
    : countStv(election, method as StvMethod, options);
}

import type { Election } from "./blt";
import { assertSafe, divFloor, format, scaleFor } from "./fixed-point";
import { createLot } from "./lot";

// Single transferable vote, by two rule sets that differ in a few named ways:
//
//                      Scottish STV (SSI 2007/42 sch. 1, r. 45-52)   ERS97 (ERS, 1997)
//   precision          5 decimal places                              2 decimal places
//   quota              floor(votes / (seats+1)) + 1                  votes / (seats+1), up to the next 0.01
//   surplus papers     all the candidate's papers, each at           only the last parcel received, at
//                      surplus x its value / total (rounded down)    surplus / papers (rounded down), or as is
//   deferring surplus  never                                         when all surpluses cannot change who is lowest
//   exclusion          all papers in one stage                       one stage per value, highest first
//   ties               most recent stage where they differed         earliest stage where they differed
//                      then by lot                                    then by lot

export type StvMethod = "scottish-stv" | "ers97";

type Rules = {
  decimals: number;
  quota: (validVotes: number, seats: number, scale: number) => number;
  surplusFromLastParcelOnly: boolean;
  deferSurpluses: boolean;
  exclusionByValue: boolean;
  lookBack: "most-recent" | "earliest";
};

const RULES: Record<StvMethod, Rules> = {
  "scottish-stv": {
    decimals: 5,
    quota: (votes, seats, scale) => (Math.floor(votes / (seats + 1)) + 1) * scale,
    surplusFromLastParcelOnly: false,
    deferSurpluses: false,
    exclusionByValue: false,
    lookBack: "most-recent",
  },
  ers97: {
    decimals: 2,
    // The smallest value at 0.01 above votes/(seats+1): rounded up, or plus 0.01 if exact.
    quota: (votes, seats, scale) => Math.floor((votes * scale) / (seats + 1)) + 1,
    surplusFromLastParcelOnly: true,
    deferSurpluses: true,
    exclusionByValue: true,
    lookBack: "earliest",
  },
};

export type Stage = {
  number: number;
  action: string;
  /** Votes of every candidate after this stage, as decimal strings. */
  votes: string[];
  /** Change in each candidate's votes during this stage. */
  transfers: string[];
  nonTransferable: string;
  lossFromFractions: string;
  elected: string[];
  excluded: string[];
};

export type Draw = { stage: number; purpose: "exclusion" | "surplus order" | "order of election"; among: string[]; chosen: string; candidates: number[]; choice: number };

export type StvResult = {
  method: StvMethod;
  title: string;
  seats: number;
  candidates: string[];
  validVotes: number;
  quota: string;
  elected: string[];
  tie: boolean;
  draws: Draw[];
  stages: Stage[];
};

type Parcel = { ranking: number[]; position: number; papers: number; value: number; stage: number };
type State = "continuing" | "elected" | "excluded" | "withdrawn";

export function countStv(election: Election, method: StvMethod, options: { seed?: string } = {}): StvResult {
  const seed = options.seed ?? election.title;
  const result = runCount(election, method, seed, new Map());
  // A draw "decided a seat" when letting it go any other way changes who is elected.
  const winners = (r: StvResult) => [...r.elected].sort().join("\u0000");
  const tie = result.draws.some((draw, index) =>
    draw.purpose !== "order of election" &&
    draw.candidates.some((other) => other !== draw.choice && winners(runCount(election, method, seed, new Map([[index, other]]))) !== winners(result)),
  );
  return { ...result, tie };
}

function runCount(election: Election, method: StvMethod, seed: string, forced: Map<number, number>): StvResult {
  const rules = RULES[method];
  const scale = scaleFor(rules.decimals);
  const n = election.candidates.length;
  const seats = election.seats;
  const lot = createLot(seed, forced);
  const state: State[] = election.candidates.map((_, i) => (election.withdrawn.includes(i) ? "withdrawn" : "continuing"));
  const piles: Parcel[][] = election.candidates.map(() => []);
  const votes = new Array<number>(n).fill(0);
  const history: number[][] = [];
  const stages: Stage[] = [];
  const draws: Draw[] = [];
  const elected: number[] = [];
  const surplusDone = new Set<number>();
  let nonTransferable = 0;
  let loss = 0;
  let stageNumber = 0;
  let before = votes.slice();

  const continuing = () => state.flatMap((s, i) => (s === "continuing" ? [i] : []));
  const nextPreference = (ranking: number[], from: number) => {
    for (let i = from; i < ranking.length; i++) if (state[ranking[i]] === "continuing") return i;
    return -1;
  };
  const give = (parcel: Parcel) => {
    piles[parcel.ranking[parcel.position]].push(parcel);
    votes[parcel.ranking[parcel.position]] += parcel.papers * parcel.value;
  };

  // Stage 1: first preferences. A paper with no preference for a standing candidate is not a valid vote.
  let validPapers = 0;
  for (const ballot of election.ballots) {
    const position = nextPreference(ballot.ranking, 0);
    if (position === -1) continue;
    validPapers += ballot.weight;
    give({ ranking: ballot.ranking, position, papers: ballot.weight, value: scale, stage: 1 });
  }
  assertSafe(validPapers * scale * scale, "The number of votes");
  const quota = rules.quota(validPapers, seats, scale);

  /** Among tied candidates, the one with the most (or fewest) votes at an earlier stage; else by lot. */
  function breakTie(tied: number[], want: "most" | "fewest", purpose: Draw["purpose"]): number {
    let pool = tied;
    const order = rules.lookBack === "most-recent" ? [...history].reverse() : history;
    for (const snapshot of order) {
      const values = pool.map((c) => snapshot[c]);
      const target = want === "most" ? Math.max(...values) : Math.min(...values);
      pool = pool.filter((c) => snapshot[c] === target);
      if (pool.length === 1) return pool[0];
    }
    const chosen = lot.draw(pool);
    draws.push({ stage: stageNumber, purpose, among: pool.map((c) => election.candidates[c]), chosen: election.candidates[chosen], candidates: pool, choice: chosen });
    return chosen;
  }

  function pick(candidates: number[], want: "most" | "fewest", by: (c: number) => number, purpose: Draw["purpose"]): number {
    const best = want === "most" ? Math.max(...candidates.map(by)) : Math.min(...candidates.map(by));
    const tied = candidates.filter((c) => by(c) === best);
    return tied.length === 1 ? tied[0] : breakTie(tied, want, purpose);
  }

  function electInOrder(candidates: number[]) {
    const remaining = [...candidates];
    const newly: number[] = [];
    while (remaining.length && elected.length < seats) {
      const next = pick(remaining, "most", (c) => votes[c], "order of election");
      remaining.splice(remaining.indexOf(next), 1);
      state[next] = "elected";
      elected.push(next);
      newly.push(next);
    }
    return newly;
  }

  function record(action: string, newlyElected: number[], excluded: number[]) {
    stageNumber++;
    history.push(votes.slice());
    stages.push({
      number: stageNumber,
      action,
      votes: votes.map((v) => format(v, rules.decimals)),
      transfers: votes.map((v, c) => format(v - before[c], rules.decimals)),
      nonTransferable: format(nonTransferable, rules.decimals),
      lossFromFractions: format(loss, rules.decimals),
      elected: newlyElected.map((c) => election.candidates[c]),
      excluded: excluded.map((c) => election.candidates[c]),
    });
    before = votes.slice();
  }

  const reachedQuota = () => electInOrder(continuing().filter((c) => votes[c] >= quota));

  /** Moves papers on to their next continuing preference at the given value each. */
  function transfer(parcels: Parcel[], valueOf: (parcel: Parcel) => number) {
    let moved = 0;
    for (const parcel of parcels) {
      const value = valueOf(parcel);
      const position = nextPreference(parcel.ranking, parcel.position + 1);
      if (position === -1) {
        nonTransferable += parcel.papers * value;
      } else {
        give({ ranking: parcel.ranking, position, papers: parcel.papers, value, stage: stageNumber + 1 });
      }
      moved += parcel.papers * value;
    }
    return moved;
  }

  function transferSurplus(candidate: number) {
    const total = votes[candidate];
    const surplus = total - quota;
    surplusDone.add(candidate);
    if (!rules.surplusFromLastParcelOnly) {
      const moved = transfer(piles[candidate], (parcel) => divFloor(surplus * parcel.value, total));
      loss += surplus - moved;
    } else {
      const lastStage = Math.max(...piles[candidate].map((p) => p.stage));
      const last = piles[candidate].filter((p) => p.stage === lastStage);
      const transferable = last.filter((p) => nextPreference(p.ranking, p.position + 1) !== -1);
      const papers = transferable.reduce((sum, p) => sum + p.papers, 0);
      const worth = transferable.reduce((sum, p) => sum + p.papers * p.value, 0);
      if (worth > surplus) {
        const value = divFloor(surplus, papers);
        const moved = transfer(transferable, () => value);
        loss += surplus - moved;
      } else {
        transfer(transferable, (p) => p.value);
        nonTransferable += surplus - worth;
      }
    }
    votes[candidate] = quota;
    piles[candidate] = [];
  }

  function exclude(candidate: number) {
    state[candidate] = "excluded";
    const parcels = piles[candidate];
    piles[candidate] = [];
    if (!rules.exclusionByValue) {
      votes[candidate] -= transfer(parcels, (p) => p.value);
      const newly = reachedQuota();
      record(`Exclusion of ${election.candidates[candidate]}`, newly, [candidate]);
      return;
    }
    const values = [...new Set(parcels.map((p) => p.value))].sort((a, b) => b - a);
    if (values.length === 0) record(`Exclusion of ${election.candidates[candidate]} (no papers)`, [], [candidate]);
    // The excluded candidate's total falls batch by batch, so every sub-stage balances.
    values.forEach((value, i) => {
      votes[candidate] -= transfer(parcels.filter((p) => p.value === value), (p) => p.value);
      const newly = reachedQuota();
      record(`Exclusion of ${election.candidates[candidate]}: papers at ${format(value, rules.decimals)}`, newly, i === 0 ? [candidate] : []);
    });
  }

  record("First preferences", reachedQuota(), []);

  for (;;) {
    if (elected.length >= seats) break;
    const left = continuing();
    if (left.length <= seats - elected.length) {
      const newly = electInOrder(left);
      record("The remaining candidates fill the remaining places", newly, []);
      break;
    }
    const surpluses = elected.filter((c) => !surplusDone.has(c) && votes[c] > quota);
    const totalSurplus = surpluses.reduce((sum, c) => sum + votes[c] - quota, 0);
    if (surpluses.length && !(rules.deferSurpluses && canDefer(left, totalSurplus))) {
      const candidate = pick(surpluses, "most", (c) => votes[c] - quota, "surplus order");
      transferSurplus(candidate);
      record(`Surplus of ${election.candidates[candidate]}`, reachedQuota(), []);
      continue;
    }
    exclude(pick(left, "fewest", (c) => votes[c], "exclusion"));
  }

  /** ERS97: a surplus waits when, all together, surpluses could not lift the lowest candidate off the bottom. */
  function canDefer(left: number[], totalSurplus: number) {
    const sorted = left.map((c) => votes[c]).sort((a, b) => a - b);
    return sorted.length >= 2 && totalSurplus < sorted[1] - sorted[0];
  }

  return {
    method,
    title: election.title,
    seats,
    candidates: election.candidates,
    validVotes: validPapers,
    quota: format(quota, rules.decimals),
    elected: elected.map((c) => election.candidates[c]),
    tie: false, // settled by countStv, which replays each draw
    draws,
    stages,
  };
}

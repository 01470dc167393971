import type { Election } from "./blt";
import { assertSafe, divFloor, format, scaleFor } from "./fixed-point";
import { createLot } from "./lot";

// Single transferable vote, by two rule sets that differ in a few named ways:
//
//                      Scottish STV (SSI 2007/42 sch. 1, r. 45-52)   ERS97 (ERS, 1997, section 5)
//   precision          5 decimal places                              2 decimal places
//   quota              floor(votes / (seats+1)) + 1                  votes / (seats+1), rounded up to 0.01 only if
//                                                                    not exact (5.1.6); recalculated without the
//                                                                    non-transferable vote until someone is elected (5.4.8)
//   elected at         the quota                                     the quota, or the total active vote / (places
//                                                                    left + 1) (5.1.7, 5.3.13, 5.4.9); level candidates
//                                                                    too many for the places: none of them (5.6.2)
//   surplus papers     all the candidate's papers, each at           only the last parcel received, at
//                      surplus x its value / total (rounded down)    surplus / papers (rounded down), or as is
//   deferring surplus  never                                         when the surpluses do not exceed the gap at the
//                                                                    bottom, or the gap above a group (5.2.2)
//   exclusion          one candidate, all papers in one stage        as many of the lowest together as can go (5.2.5),
//                                                                    one sub-stage per value, highest first (5.4)
//   all places filled  stop                                          stop, even between batches (5.5.2)
//   ties               most recent stage where they differed         earliest stage where they differed
//                      then by lot                                    then by lot

export type StvMethod = "scottish-stv" | "ers97";

type Rules = {
  decimals: number;
  quota: (validVotes: number, seats: number, scale: number) => number;
  surplusFromLastParcelOnly: boolean;
  lookBack: "most-recent" | "earliest";
  /** ERS97's own provisions (5.1.7(b), 5.2.2, 5.2.5, 5.4.8, 5.5.2, 5.6.2); Scottish STV has none of them. */
  ers97: boolean;
};

/** ERS97 5.1.6: units / (seats + 1) to 0.01; an exact result is the quota, otherwise add 0.01 to the truncated one. */
function ers97Quota(units: number, seats: number): number {
  const truncated = divFloor(units, seats + 1);
  return truncated * (seats + 1) === units ? truncated : truncated + 1;
}

const RULES: Record<StvMethod, Rules> = {
  "scottish-stv": {
    decimals: 5,
    quota: (votes, seats, scale) => (Math.floor(votes / (seats + 1)) + 1) * scale,
    surplusFromLastParcelOnly: false,
    lookBack: "most-recent",
    ers97: false,
  },
  ers97: {
    decimals: 2,
    quota: (votes, seats, scale) => ers97Quota(votes * scale, seats),
    surplusFromLastParcelOnly: true,
    lookBack: "earliest",
    ers97: true,
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

export type Draw = {
  stage: number;
  purpose: "exclusion" | "surplus order" | "order of election";
  among: string[];
  chosen: string;
  candidates: number[];
  choice: number;
};

export type StvResult = {
  method: StvMethod;
  title: string;
  seats: number;
  candidates: string[];
  validVotes: number;
  quota: string;
  elected: string[];
  /** The elected candidates as 0-based indices into `candidates`, in order of election: names need not be unique. */
  electedIndices: number[];
  /** Candidates withdrawn before the count: never elected, their votes passed to next preferences. */
  withdrawn: string[];
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
  const winners = (r: StvResult) => [...r.electedIndices].sort((a, b) => a - b).join(",");
  const tie = result.draws.some(
    (draw, index) =>
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
  let quota = rules.quota(validPapers, seats, scale);

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
    draws.push({
      stage: stageNumber,
      purpose,
      among: pool.map((c) => election.candidates[c]),
      chosen: election.candidates[chosen],
      candidates: pool,
      choice: chosen,
    });
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

  const reachedQuota = () => (rules.ers97 ? deemElectedErs97() : electInOrder(continuing().filter((c) => votes[c] >= quota)));

  /**
   * ERS97 6.20 / 5.6.1: the total active vote is the valid vote less the non-transferable vote
   * (with the differences lost to fractions) and less what the candidates deemed elected keep
   * (the quota, or their vote if less). It includes surpluses and excluded candidates' papers
   * still awaiting transfer.
   */
  function totalActiveVote() {
    let kept = 0;
    for (const c of elected) kept += Math.min(votes[c], quota);
    return validPapers * scale - nonTransferable - loss - kept;
  }

  /** ERS97: +1 if a had more votes than b at the first stage or the earliest point after that where they differed, -1 if fewer, 0 if always level. */
  function earliestDifference(a: number, b: number) {
    for (const snapshot of history) if (snapshot[a] !== snapshot[b]) return snapshot[a] > snapshot[b] ? 1 : -1;
    return 0;
  }

  /**
   * ERS97 5.1.7, 5.3.13, 5.4.9: in descending order of votes, deem elected every continuing
   * candidate whose vote equals or exceeds (a) the quota or (b) the total active vote divided by
   * one more than the places not yet filled, up to the places left. 5.6.2: candidates level on
   * votes, too many for the places left, are taken in order of the earliest stage where they
   * differed; those level at every stage are not deemed elected at this stage.
   */
  function deemElectedErs97(): number[] {
    const newly: number[] = [];
    for (;;) {
      const places = seats - elected.length;
      if (places <= 0) return newly;
      const active = totalActiveVote();
      const reached = continuing().filter((c) => votes[c] >= quota || votes[c] * (places + 1) >= active);
      if (reached.length === 0) return newly;
      if (reached.length <= places) {
        newly.push(...electInOrder(reached));
        continue; // electing lowers the places left and the active vote: (b) may now reach others
      }
      const ranked = [...reached].sort((a, b) => votes[b] - votes[a] || earliestDifference(b, a));
      const boundary = ranked[places];
      const sure = ranked.slice(0, places).filter((c) => votes[c] > votes[boundary] || earliestDifference(c, boundary) > 0);
      newly.push(...electInOrder(sure));
      return newly; // the rest stay level with the next: none of them this stage
    }
  }

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
    votes[candidate] -= transfer(parcels, (p) => p.value);
    const newly = reachedQuota();
    record(`Exclusion of ${election.candidates[candidate]}`, newly, [candidate]);
  }

  /**
   * ERS97 5.4: the papers of all the candidates excluded together, in batches of one value,
   * highest first, each batch a sub-stage; 5.4.8 and 5.4.9 after each batch; 5.5.2: once every
   * place is filled, the remaining batches are not transferred.
   */
  function excludeTogether(group: number[]) {
    for (const c of group) state[c] = "excluded";
    const names = group.map((c) => election.candidates[c]).join(", ");
    const parcels = group.map((c) => piles[c]);
    for (const c of group) piles[c] = [];
    const values = [...new Set(parcels.flat().map((p) => p.value))].sort((a, b) => b - a);
    if (values.length === 0) record(`Exclusion of ${names} (no papers)`, [], group);
    for (const [i, value] of values.entries()) {
      // Each excluded candidate's total falls batch by batch, so every sub-stage balances.
      group.forEach(
        (c, g) =>
          (votes[c] -= transfer(
            parcels[g].filter((p) => p.value === value),
            (p) => p.value,
          )),
      );
      let note = "";
      if (elected.length === 0 && nonTransferable + loss > 0) {
        const recalculated = ers97Quota(validPapers * scale - nonTransferable - loss, seats);
        if (recalculated !== quota) note = `; quota recalculated to ${format(recalculated, rules.decimals)}`;
        quota = recalculated;
      }
      const newly = reachedQuota();
      record(`Exclusion of ${names}: papers at ${format(value, rules.decimals)}${note}`, newly, i === 0 ? group : []);
      if (elected.length >= seats) return;
    }
  }

  /**
   * ERS97 5.2.5: the largest group of the lowest candidates (two or more) that leaves enough
   * candidates for the places and whose votes, with the deferred surpluses, do not exceed the
   * vote of the candidate next above; otherwise the single lowest. Where the group's edge falls
   * between candidates level on votes, who goes is settled as for a single exclusion (earliest
   * stage, then lot), and such a draw counts towards `tie` like any other.
   */
  function chooseExclusion(left: number[], deferred: number): number[] {
    const size = largestGroup(left, deferred);
    if (size < 2) return [pick(left, "fewest", (c) => votes[c], "exclusion")];
    const ascending = [...left].sort((a, b) => votes[a] - votes[b]);
    const edge = votes[ascending[size - 1]];
    const group = ascending.slice(0, size).filter((c) => votes[c] < edge);
    const level = left.filter((c) => votes[c] === edge);
    if (group.length + level.length === size) return [...group, ...level];
    while (group.length < size) {
      const next = pick(level, "fewest", (c) => votes[c], "exclusion");
      level.splice(level.indexOf(next), 1);
      group.push(next);
    }
    return group;
  }

  /** The size of the largest group 5.2.5 allows (0 if none of two or more). */
  function largestGroup(left: number[], deferred: number) {
    const ascending = left.map((c) => votes[c]).sort((a, b) => a - b);
    const most = left.length - (seats - elected.length); // 5.2.5(a): enough candidates remain for the places
    let size = 0;
    let total = deferred;
    for (let m = 1; m <= most; m++) {
      total += ascending[m - 1];
      if (m >= 2 && total <= ascending[m]) size = m; // 5.2.5(b): does not exceed the vote next above
    }
    return size;
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
    if (surpluses.length && !(rules.ers97 && canDefer(left, totalSurplus))) {
      const candidate = pick(surpluses, "most", (c) => votes[c] - quota, "surplus order");
      transferSurplus(candidate);
      record(`Surplus of ${election.candidates[candidate]}`, reachedQuota(), []);
      continue;
    }
    if (rules.ers97) excludeTogether(chooseExclusion(left, totalSurplus));
    else exclude(pick(left, "fewest", (c) => votes[c], "exclusion"));
  }

  /**
   * ERS97 5.2.2: the surpluses wait when their total does not exceed (a) the gap between the two
   * lowest candidates or (b) the gap between a group 5.2.5 could exclude and the candidate next
   * above (5.2.5(b) already counts the deferred surpluses in, so: when such a group exists).
   */
  function canDefer(left: number[], totalSurplus: number) {
    const sorted = left.map((c) => votes[c]).sort((a, b) => a - b);
    return sorted.length >= 2 && (totalSurplus <= sorted[1] - sorted[0] || largestGroup(left, totalSurplus) >= 2);
  }

  return {
    method,
    title: election.title,
    seats,
    candidates: election.candidates,
    validVotes: validPapers,
    quota: format(quota, rules.decimals),
    elected: elected.map((c) => election.candidates[c]),
    electedIndices: [...elected],
    withdrawn: election.withdrawn.map((c) => election.candidates[c]),
    tie: false, // settled by countStv, which replays each draw
    draws,
    stages,
  };
}

// A second ERS97 count, written straight from the rule text (Electoral Reform Society, "How to
// conduct an election by the Single Transferable Vote", 3rd edition 1997, section 5) to check
// app/features/elections/counting/stv.ts against. Deliberately plain and slow: every voting
// paper is handled one by one, as at a manual count, and every value is an exact BigInt number
// of hundredths of a vote, so nothing here shares the engine's parcels, fixed-point helpers or
// active-vote formula. Lots are not drawn: where the rules would need one, the count stops and
// says so, and the comparison leaves that election out.
import type { Election } from "#app/features/elections/counting/blt";

type Paper = { ranking: number[]; at: number; value: bigint; batch: number };
type Status = "continuing" | "elected" | "excluded";

export type ReferenceStage = { action: string; votes: bigint[]; nonTransferable: bigint; elected: number[]; excluded: number[] };
export type ReferenceResult = { quota: bigint; elected: number[]; stages: ReferenceStage[] } | { lot: string };

class NeedsLot extends Error {}

const ceilDiv = (a: bigint, b: bigint) => (a % b === 0n ? a / b : a / b + 1n);
export const hundredths = (value: bigint) =>
  `${value < 0n ? "-" : ""}${(value < 0n ? -value : value) / 100n}.${String((value < 0n ? -value : value) % 100n).padStart(2, "0")}`;

export function countErs97Reference(election: Election): ReferenceResult {
  try {
    return count(election);
  } catch (error) {
    if (error instanceof NeedsLot) return { lot: error.message };
    throw error;
  }
}

function count(election: Election): ReferenceResult {
  const n = election.candidates.length;
  const seats = election.seats;
  const status: Status[] = election.candidates.map((_, c) => (election.withdrawn.includes(c) ? "excluded" : "continuing"));
  const papers: Paper[][] = election.candidates.map(() => []);
  const votes: bigint[] = new Array(n).fill(0n);
  const surplusPending = new Set<number>();
  const elected: number[] = [];
  const stages: ReferenceStage[] = [];
  let nonTransferable = 0n;
  let stageBatch = 0;

  const continuing = () => status.flatMap((s, c) => (s === "continuing" ? [c] : []));
  const nextAvailable = (paper: Paper) => {
    for (let i = paper.at + 1; i < paper.ranking.length; i++) if (status[paper.ranking[i]] === "continuing") return i;
    return -1;
  };

  // 5.1.1-5.1.5: sort the papers by first preference; a paper without one is invalid.
  let totalValid = 0n;
  for (const ballot of election.ballots) {
    for (let copy = 0; copy < ballot.weight; copy++) {
      const first = ballot.ranking.findIndex((c) => status[c] === "continuing");
      if (first === -1) continue;
      totalValid += 100n;
      const paper = { ranking: ballot.ranking, at: first, value: 100n, batch: 0 };
      papers[ballot.ranking[first]].push(paper);
      votes[ballot.ranking[first]] += 100n;
    }
  }
  // 5.1.6: to two decimal places; if exact, that is the quota, otherwise ignore the remainder and add 0.01.
  let quota = ceilDiv(totalValid, BigInt(seats + 1));

  /** 5.2.3, 5.2.5, 5.6.2: compare two candidates at the first stage, then each later point, until they differ. */
  const earliest = (a: number, b: number) => {
    for (const stage of stages) if (stage.votes[a] !== stage.votes[b]) return stage.votes[a] > stage.votes[b] ? 1 : -1;
    return 0;
  };

  /** 6.20: the votes of all continuing candidates plus any votes awaiting transfer. */
  function totalActiveVote() {
    let active = 0n;
    for (let c = 0; c < n; c++) {
      if (status[c] === "continuing") active += votes[c];
      else if (status[c] === "elected" && surplusPending.has(c) && votes[c] > quota) active += votes[c] - quota;
      else if (status[c] === "excluded") active += votes[c]; // batches not yet transferred
    }
    return active;
  }

  /** 5.1.7 / 5.3.13 / 5.4.9, with 5.6.2. */
  function deemElected(): number[] {
    const now: number[] = [];
    for (;;) {
      const places = seats - elected.length;
      if (places === 0) return now;
      const active = totalActiveVote();
      const reaching = continuing()
        .filter((c) => votes[c] >= quota || votes[c] * BigInt(places + 1) >= active)
        .sort((a, b) => (votes[a] === votes[b] ? earliest(b, a) : votes[b] > votes[a] ? 1 : -1));
      if (reaching.length === 0) return now;
      let chosen = reaching.slice(0, places);
      if (reaching.length > places) {
        const edge = reaching[places];
        // Level at every point with the first one left out: none of those is deemed elected now.
        chosen = chosen.filter((c) => !(votes[c] === votes[edge] && earliest(c, edge) === 0));
      }
      for (const c of chosen) {
        status[c] = "elected";
        elected.push(c);
        surplusPending.add(c);
        now.push(c);
      }
      if (reaching.length > places || chosen.length === 0) return now;
    }
  }

  function record(action: string, newly: number[], excluded: number[] = []) {
    stages.push({ action, votes: [...votes], nonTransferable, elected: newly, excluded });
    stageBatch++;
  }

  const deferred = () => [...surplusPending].filter((c) => votes[c] > quota).reduce((sum, c) => sum + votes[c] - quota, 0n);

  /** 5.2.5: the lowest candidates who may be excluded together (two or more), or []. */
  function group(): number[] {
    const places = seats - elected.length;
    const ascending = continuing().sort((a, b) => (votes[a] === votes[b] ? 0 : votes[a] < votes[b] ? -1 : 1));
    let best = 0;
    for (let m = 2; m <= ascending.length - places; m++) {
      const together = ascending.slice(0, m).reduce((sum, c) => sum + votes[c], 0n) + deferred();
      if (together <= votes[ascending[m]]) best = m;
    }
    if (best < 2) return [];
    const edge = votes[ascending[best - 1]];
    const below = ascending.filter((c) => votes[c] < edge);
    const level = ascending.filter((c) => votes[c] === edge);
    const wanted = best - below.length;
    if (wanted === level.length) return [...below, ...level];
    // The group's edge falls among level candidates: fewest at the earliest point first.
    level.sort((a, b) => earliest(a, b));
    if (earliest(level[wanted - 1], level[wanted]) === 0) throw new NeedsLot("who is excluded with the group");
    return [...below, ...level.slice(0, wanted)];
  }

  function lowest(): number {
    const all = continuing();
    const fewest = all.reduce((m, c) => (votes[c] < m ? votes[c] : m), votes[all[0]]);
    const tied = all.filter((c) => votes[c] === fewest).sort((a, b) => earliest(a, b));
    if (tied.length > 1 && earliest(tied[0], tied[1]) === 0) throw new NeedsLot("exclusion");
    return tied[0];
  }

  record("First preferences", deemElected());

  while (elected.length < seats) {
    const places = seats - elected.length;
    // 5.5.1: no more candidates than places: all of them are deemed elected.
    if (continuing().length <= places) {
      const rest = continuing();
      for (const c of rest) {
        status[c] = "elected";
        elected.push(c);
      }
      record("The remaining candidates fill the remaining places", rest);
      break;
    }
    // 5.2.2: are the surpluses deferred?
    const withSurplus = [...surplusPending].filter((c) => votes[c] > quota);
    const totalSurplus = deferred();
    const ascending = continuing()
      .map((c) => votes[c])
      .sort((a, b) => (a === b ? 0 : a < b ? -1 : 1));
    const defer = withSurplus.length > 0 && (totalSurplus <= ascending[1] - ascending[0] || group().length >= 2);
    if (withSurplus.length > 0 && !defer) {
      // 5.2.3: the largest surplus; level ones by the earliest point where they differed.
      withSurplus.sort((a, b) => (votes[a] === votes[b] ? earliest(b, a) : votes[b] > votes[a] ? 1 : -1));
      if (withSurplus.length > 1 && votes[withSurplus[0]] === votes[withSurplus[1]] && earliest(withSurplus[0], withSurplus[1]) === 0) {
        throw new NeedsLot("surplus order");
      }
      const from = withSurplus[0];
      surplusPending.delete(from);
      const surplus = votes[from] - quota;
      // 5.3.1, 5.3.2: the last batch received (at the first stage, that is all the papers).
      const lastBatch = Math.max(...papers[from].map((p) => p.batch));
      const selected = papers[from].filter((p) => p.batch === lastBatch);
      const transferable = selected.filter((p) => nextAvailable(p) !== -1);
      const present = transferable.reduce((sum, p) => sum + p.value, 0n);
      // 5.3.7: surplus / transferable papers, to two decimals, remainder ignored; or the present value.
      const each = present > surplus ? surplus / BigInt(transferable.length) : null;
      let credited = 0n;
      for (const paper of transferable) {
        const to = nextAvailable(paper);
        const moved = { ranking: paper.ranking, at: to, value: each ?? paper.value, batch: stageBatch };
        papers[paper.ranking[to]].push(moved);
        votes[paper.ranking[to]] += moved.value;
        credited += moved.value;
      }
      nonTransferable += surplus - credited; // 5.3.9: the non-transferable difference
      papers[from] = [];
      votes[from] = quota;
      record(`Surplus of ${election.candidates[from]}`, deemElected());
      continue;
    }
    // 5.2.5, 5.4: exclusion, batch by batch in descending order of value.
    const excluded = group().length >= 2 ? group() : [lowest()];
    for (const c of excluded) status[c] = "excluded";
    const held = excluded.flatMap((c) => papers[c].map((paper) => ({ paper, from: c })));
    for (const c of excluded) papers[c] = [];
    const values = [...new Set(held.map((h) => h.paper.value))].sort((a, b) => (a === b ? 0 : a > b ? -1 : 1));
    const names = excluded.map((c) => election.candidates[c]).join(", ");
    if (values.length === 0) record(`Exclusion of ${names} (no papers)`, [], excluded);
    for (const [i, value] of values.entries()) {
      for (const { paper, from } of held.filter((h) => h.paper.value === value)) {
        votes[from] -= paper.value;
        const to = nextAvailable(paper);
        if (to === -1) nonTransferable += paper.value;
        else {
          papers[paper.ranking[to]].push({ ranking: paper.ranking, at: to, value: paper.value, batch: stageBatch });
          votes[paper.ranking[to]] += paper.value;
        }
      }
      // 5.4.8: papers non-transferable before anyone is elected: the quota without them.
      if (elected.length === 0) quota = ceilDiv(totalValid - nonTransferable, BigInt(seats + 1));
      record(`Exclusion of ${names}: papers at ${hundredths(value)}`, deemElected(), i === 0 ? excluded : []);
      if (elected.length === seats) break; // 5.5.2
    }
  }
  return { quota, elected, stages };
}

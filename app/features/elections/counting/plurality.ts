import type { Election } from "./blt";
import { createLot } from "./lot";

export type PluralityMethod = "fptp" | "block";

export type PluralityResult = {
  method: PluralityMethod;
  title: string;
  seats: number;
  candidates: string[];
  validVotes: number;
  votes: number[];
  elected: string[];
  /** The elected candidates as 0-based indices into `candidates`: names need not be unique. */
  electedIndices: number[];
  /** Candidates withdrawn before the count: never elected, their votes passed to next preferences. */
  withdrawn: string[];
  tie: boolean;
  draws: { purpose: "last place"; among: string[]; chosen: string }[];
  stages: { number: number; action: string; votes: string[] }[];
};

/**
 * First past the post counts each ballot's first preference; block vote gives one vote to
 * each of a ballot's first `seats` preferences. The most votes win; a tie for the last
 * place is settled by lot.
 */
export function countPlurality(election: Election, method: PluralityMethod, options: { seed?: string } = {}): PluralityResult {
  const lot = createLot(options.seed ?? election.title);
  const standing = (c: number) => !election.withdrawn.includes(c);
  const votes = new Array<number>(election.candidates.length).fill(0);
  let validVotes = 0;
  for (const ballot of election.ballots) {
    const marks = ballot.ranking.filter(standing).slice(0, method === "fptp" ? 1 : election.seats);
    if (marks.length === 0) continue;
    validVotes += ballot.weight;
    for (const c of marks) votes[c] += ballot.weight;
  }
  const order = votes
    .map((v, c) => ({ v, c }))
    .filter(({ c }) => standing(c))
    .sort((a, b) => b.v - a.v || a.c - b.c);
  const winners = order.slice(0, election.seats).map(({ c }) => c);
  const draws: PluralityResult["draws"] = [];
  const cut = winners.length ? votes[winners[winners.length - 1]] : 0;
  const onTheLine = order.filter(({ v }) => v === cut).map(({ c }) => c);
  const safe = winners.filter((c) => votes[c] > cut);
  const places = election.seats - safe.length;
  let tie = false;
  if (onTheLine.length > places) {
    tie = true;
    const pool = [...onTheLine];
    const chosen: number[] = [];
    while (chosen.length < places) {
      const pickOne = lot.draw(pool);
      draws.push({ purpose: "last place", among: pool.map((c) => election.candidates[c]), chosen: election.candidates[pickOne] });
      chosen.push(pickOne);
      pool.splice(pool.indexOf(pickOne), 1);
    }
    winners.splice(0, winners.length, ...safe, ...chosen);
  }
  return {
    method,
    title: election.title,
    seats: election.seats,
    candidates: election.candidates,
    validVotes,
    votes,
    elected: winners.map((c) => election.candidates[c]),
    electedIndices: winners,
    withdrawn: election.withdrawn.map((c) => election.candidates[c]),
    tie,
    draws,
    stages: [
      { number: 1, action: method === "fptp" ? "First preferences" : `Votes for each ballot's first ${election.seats} choices`, votes: votes.map(String) },
    ],
  };
}

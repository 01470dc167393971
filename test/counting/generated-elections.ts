// Seeded, reproducible elections for counting tests that compare whole counts: the same seed
// always gives the same elections, so a stored snapshot or a second implementation can be
// compared with the engine election by election.
import fs from "node:fs";
import path from "node:path";
import { parseBlt, type Election } from "#app/features/elections/counting/blt";

/** mulberry32: a small, well-known 32-bit generator; good enough to vary test elections. */
export function seededRandom(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * One election: 2-9 candidates, 1-4 places, up to 40 groups of identical ballots with small
 * weights (so ties, exact quotas and exhausted papers are common), skewed popularity, and
 * now and then a withdrawn candidate or a paper with no preference.
 */
export function generateElection(seed: number): Election {
  const random = seededRandom(seed);
  const int = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const n = int(2, 9);
  const seats = Math.min(int(1, 4), n - 1 || 1);
  const withdrawn = n > 3 && random() < 0.1 ? [int(0, n - 1)] : [];
  const popularity = Array.from({ length: n }, () => random() ** 2);
  const groups = int(1, 40);
  const ballots = Array.from({ length: groups }, () => {
    const length = random() < 0.05 ? 0 : int(1, n);
    const pool = [...Array(n).keys()];
    const weights = pool.map((c) => popularity[c] + 0.05);
    const ranking: number[] = [];
    while (ranking.length < length) {
      let r = random() * weights.reduce((a, b) => a + b, 0);
      let i = 0;
      while (i < weights.length - 1 && r > weights[i]) r -= weights[i++];
      ranking.push(pool[i]);
      pool.splice(i, 1);
      weights.splice(i, 1);
    }
    return { weight: int(1, random() < 0.7 ? 6 : 40), ranking };
  });
  return { title: `Generated ${seed}`, seats, candidates: Array.from({ length: n }, (_, i) => `C${i}`), withdrawn, ballots };
}

export const generatedElections = (count: number, firstSeed = 1) => Array.from({ length: count }, (_, i) => generateElection(firstSeed + i));

export const BALLOT_FIXTURES = path.resolve(import.meta.dirname, "../fixtures/ballots");

/** The reference ballot files that import cleanly (ballots-10 and -13 are malformed on purpose). */
export function referenceElections(): { file: string; election: Election }[] {
  return fs
    .readdirSync(BALLOT_FIXTURES)
    .filter((file) => file.endsWith(".blt") && file !== "ballots-10.blt" && file !== "ballots-13.blt")
    .sort()
    .map((file) => ({ file, election: parseBlt(fs.readFileSync(path.join(BALLOT_FIXTURES, file), "utf8")) }));
}

// npm run bench:count — both STV rule sets over 100,000 generated ballots (random rankings of
// random length, skewed popularity), 12 candidates, 3 places, counted in-process after
// parsing. Prints one line per rule set (median of five counts after a warm-up; ms is wall
// time, cpu_ms the process's CPU time, which says more on a busy machine):
//   RESULT count method=<scottish-stv|ers97> ballots=100000 candidates=12 seats=3 ms=<n> cpu_ms=<n> parse_ms=<n> ...
import { parseBlt, writeBlt, type Election } from "#app/features/elections/counting/blt";
import { countStv, type StvMethod } from "#app/features/elections/counting/stv";

const BALLOTS = 100_000;
const CANDIDATES = 12;
const SEATS = 3;

// A small deterministic generator, so every run counts the same election.
let state = 20261122;
const random = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
const popularity = Array.from({ length: CANDIDATES }, (_, i) => 1 / (i + 1) ** 1.2);

function ranking(): number[] {
  const length = 1 + Math.floor(random() * CANDIDATES);
  const pool = [...Array(CANDIDATES).keys()];
  const weights = [...popularity];
  const chosen: number[] = [];
  while (chosen.length < length) {
    const total = weights.reduce((a, b) => a + b, 0);
    let r = random() * total;
    let i = 0;
    while (r > weights[i]) r -= weights[i++];
    chosen.push(pool[i]);
    pool.splice(i, 1);
    weights.splice(i, 1);
  }
  return chosen;
}

const election: Election = {
  title: "Benchmark",
  seats: SEATS,
  candidates: Array.from({ length: CANDIDATES }, (_, i) => `Candidate ${i + 1}`),
  withdrawn: [],
  ballots: Array.from({ length: BALLOTS }, () => ({ weight: 1, ranking: ranking() })),
};
const source = writeBlt(election);

let started = performance.now();
const parsed = parseBlt(source);
const parseMs = performance.now() - started;
const r = (n: number) => Math.round(n * 10) / 10;
for (const method of ["scottish-stv", "ers97"] satisfies StvMethod[]) {
  countStv(parsed, method); // warm-up
  const runs: number[] = [];
  const cpu: number[] = [];
  let result;
  for (let i = 0; i < 5; i++) {
    started = performance.now();
    const cpuBefore = process.cpuUsage();
    result = countStv(parsed, method);
    const cpuUsed = process.cpuUsage(cpuBefore);
    runs.push(performance.now() - started);
    cpu.push((cpuUsed.user + cpuUsed.system) / 1000);
  }
  runs.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  console.log(
    `RESULT count method=${method} ballots=${BALLOTS} candidates=${CANDIDATES} seats=${SEATS} ms=${r(runs[2])} cpu_ms=${r(cpu[2])} parse_ms=${r(parseMs)} stages=${result!.stages.length} elected=${JSON.stringify(result!.elected)}`,
  );
}

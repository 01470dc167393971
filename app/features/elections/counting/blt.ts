// The BLT ballot format used by OpenSTV, Droop and the ERS: a pure parser and writer.
//
//   <candidates> <seats>
//   [-3 -5]                    optional: withdrawn candidates, negated
//   <weight> <pref> <pref> ... 0     one line per group of identical ballots
//   0                          end of ballots
//   "Candidate 1"  ...         one quoted name per candidate
//   "Title"

export type Election = {
  title: string;
  seats: number;
  candidates: string[];
  withdrawn: number[]; // 0-based candidate indices
  ballots: { weight: number; ranking: number[] }[]; // 0-based candidate indices, most preferred first
};

export class BltError extends Error {
  constructor(
    readonly line: number,
    readonly reason: string,
  ) {
    super(`line ${line}: ${reason}`);
  }
}

const INTEGER = /^-?\d+$/;

function quoted(text: string, line: number, what: string): string {
  // A name is one quoted string; a doubled quote inside stands for a quote mark.
  const match = /^"((?:[^"]|"")*)"$/.exec(text);
  if (!match) throw new BltError(line, `expected ${what} in double quotes, found ${JSON.stringify(text.slice(0, 60))}`);
  return match[1].replaceAll('""', '"');
}

export function parseBlt(source: string): Election {
  const lines = source.replace(/^\uFEFF/, "").split(/\r?\n/);
  let n = 0;
  let lastRead = 0;
  const next = () => {
    while (n < lines.length && lines[n].trim() === "") n++;
    if (n >= lines.length) return null;
    lastRead = ++n;
    return { text: lines[n - 1].trim(), line: n };
  };
  // Something missing at the end is reported where it should have been.
  const missingAt = () => lastRead + 1;

  const header = next();
  if (!header) throw new BltError(1, "the file is empty");
  const counts = header.text.split(/\s+/);
  if (counts.length !== 2 || !counts.every((c) => /^\d+$/.test(c))) {
    throw new BltError(header.line, "expected the number of candidates and the number of seats");
  }
  const [candidateCount, seats] = counts.map(Number);
  if (candidateCount < 1) throw new BltError(header.line, "there must be at least one candidate");
  if (seats < 1) throw new BltError(header.line, "there must be at least one seat");
  if (seats > candidateCount) throw new BltError(header.line, `${seats} seats but only ${candidateCount} candidates`);

  const withdrawn: number[] = [];
  const ballots: Election["ballots"] = [];
  let current = next();
  if (current && current.text.startsWith("-")) {
    for (const token of current.text.split(/\s+/)) {
      if (!INTEGER.test(token) || Number(token) >= 0) throw new BltError(current.line, `withdrawn candidates are written as negative numbers, found ${token}`);
      const candidate = -Number(token);
      if (candidate > candidateCount) throw new BltError(current.line, `there is no candidate ${candidate} to withdraw`);
      if (withdrawn.includes(candidate - 1)) throw new BltError(current.line, `candidate ${candidate} is withdrawn twice`);
      withdrawn.push(candidate - 1);
    }
    current = next();
  }

  for (;;) {
    if (!current) throw new BltError(missingAt(), "the ballots never end: expected a line with a single 0");
    const tokens = current.text.split(/\s+/);
    if (!tokens.every((t) => INTEGER.test(t)))
      throw new BltError(current.line, `expected a ballot line of whole numbers, found ${JSON.stringify(current.text.slice(0, 60))}`);
    const numbers = tokens.map(Number);
    if (numbers.length === 1 && numbers[0] === 0) break;
    const [weight, ...rest] = numbers;
    if (weight < 0) throw new BltError(current.line, "a ballot's weight cannot be negative");
    if (rest.length === 0 || rest[rest.length - 1] !== 0) throw new BltError(current.line, "a ballot line must end with 0");
    const ranking = rest.slice(0, -1);
    const seen = new Set<number>();
    for (const candidate of ranking) {
      if (candidate < 1 || candidate > candidateCount) throw new BltError(current.line, `there is no candidate ${candidate}`);
      if (seen.has(candidate)) throw new BltError(current.line, `candidate ${candidate} is ranked twice on one ballot`);
      seen.add(candidate);
    }
    if (weight > 0) ballots.push({ weight, ranking: ranking.map((c) => c - 1) });
    current = next();
  }

  const candidates: string[] = [];
  for (let i = 0; i < candidateCount; i++) {
    const line = next();
    if (!line) throw new BltError(missingAt(), `expected ${candidateCount} candidate names, found ${i}`);
    candidates.push(quoted(line.text, line.line, `the name of candidate ${i + 1}`));
  }
  const titleLine = next();
  if (!titleLine) throw new BltError(missingAt(), "expected the election's title after the candidates");
  const title = quoted(titleLine.text, titleLine.line, "the election's title");
  const extra = next();
  if (extra) throw new BltError(extra.line, "unexpected text after the title");
  return { title, seats, candidates, withdrawn, ballots };
}

const quote = (text: string) => `"${text.replaceAll('"', '""')}"`;

/** Writes an election in BLT; identical rankings are merged into one weighted line. */
export function writeBlt(election: Election): string {
  const groups = new Map<string, number>();
  for (const ballot of election.ballots) {
    const key = ballot.ranking.map((c) => c + 1).join(" ");
    groups.set(key, (groups.get(key) ?? 0) + ballot.weight);
  }
  const lines = [`${election.candidates.length} ${election.seats}`];
  if (election.withdrawn.length) lines.push(election.withdrawn.map((c) => -(c + 1)).join(" "));
  for (const [ranking, weight] of groups) lines.push(`${weight} ${ranking ? `${ranking} ` : ""}0`);
  lines.push("0", ...election.candidates.map(quote), quote(election.title));
  return `${lines.join("\n")}\n`;
}

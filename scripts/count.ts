// npm run count -- <file.blt> --method scottish-stv|ers97|fptp|block [--seed <text>] [--json]
// For returning officers and auditors: counts a BLT file with the same code the app uses.
import fs from "node:fs";
import { parseArgs } from "node:util";
import { BltError, parseBlt } from "#app/features/elections/counting/blt";
import { COUNT_METHODS, countElection, type CountMethod } from "#app/features/elections/counting/count";

const usage = `Usage: npm run count -- <file.blt> --method ${COUNT_METHODS.join("|")} [--seed <text>] [--json]`;

function fail(message: string): never {
  process.stderr.write(`${message}\n`);
  process.exit(2);
}

let parsed;
try {
  parsed = parseArgs({
    allowPositionals: true,
    options: { method: { type: "string", default: "scottish-stv" }, seed: { type: "string" }, json: { type: "boolean", default: false } },
  });
} catch (error) {
  fail(`${(error as Error).message}\n${usage}`);
}
const { values, positionals } = parsed;
if (positionals.length !== 1) fail(usage);
const method = values.method as CountMethod;
if (!COUNT_METHODS.includes(method)) fail(`Unknown method "${values.method}".\n${usage}`);

let source: string;
try {
  source = fs.readFileSync(positionals[0], "utf8");
} catch (error) {
  fail(`Cannot read ${positionals[0]}: ${(error as Error).message}`);
}

let election;
try {
  election = parseBlt(source);
} catch (error) {
  if (error instanceof BltError) fail(`${positionals[0]}: malformed BLT file, ${error.message}`);
  throw error;
}

const result = countElection(election, method, { seed: values.seed });
if (values.json) {
  process.stdout.write(`${JSON.stringify(result)}\n`);
} else {
  const lines = [
    `${result.title}`,
    `${result.method}, ${result.seats} ${result.seats === 1 ? "seat" : "seats"}, ${result.validVotes} valid votes${"quota" in result ? `, quota ${result.quota}` : ""}`,
    "",
  ];
  for (const stage of result.stages) {
    lines.push(`Stage ${stage.number}: ${stage.action}`);
    result.candidates.forEach((name, i) => lines.push(`  ${stage.votes[i].padStart(14)}  ${name}`));
    if ("nonTransferable" in stage)
      lines.push(`  ${stage.nonTransferable.padStart(14)}  non-transferable`, `  ${stage.lossFromFractions.padStart(14)}  loss from fractions`);
    if ("elected" in stage && stage.elected.length) lines.push(`  elected: ${stage.elected.join(", ")}`);
  }
  lines.push("", `Elected, in order: ${result.elected.join(", ")}`);
  if (result.tie) lines.push(`A draw by lot decided: ${result.draws.map((d) => `${d.chosen} (from ${d.among.join(", ")})`).join("; ")}`);
  process.stdout.write(`${lines.join("\n")}\n`);
}

// Suggested themes for any CSV of responses, with the code the app uses (ADR 021):
//   npm run themes -- responses.csv [--column text] [--json]
import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { suggestThemesFor } from "#app/features/analysis/theme-suggestions";

function usage(message: string): never {
  process.stderr.write(`${message}\nUsage: npm run themes -- responses.csv [--column text] [--json]\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const json = args.includes("--json");
const columnAt = args.indexOf("--column");
const column = columnAt >= 0 ? args[columnAt + 1] : "text";
if (columnAt >= 0 && !column) usage("--column needs the name of the column that holds the text.");
const file = args.find((arg, i) => !arg.startsWith("--") && !(columnAt >= 0 && i === columnAt + 1));
if (!file) usage("Give the CSV file of responses.");
if (!fs.existsSync(file)) usage(`No such file: ${file}`);

const rows = parse(fs.readFileSync(file), { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
if (rows.length && !(column in rows[0])) usage(`The CSV has no column "${column}"; its columns are: ${Object.keys(rows[0]).join(", ")}.`);

const started = performance.now();
const result = suggestThemesFor(rows.map((row, i) => ({ id: String(i), text: row[column] ?? "" })));
const ms = Math.round(performance.now() - started);
// Row numbers are 0-based data rows; sort them as numbers for people reading the output.
const rowsOf = (ids: string[]) => ids.map(Number).sort((a, b) => a - b);

if (json) {
  process.stdout.write(
    `${JSON.stringify({
      comments: result.total,
      themes: result.themes.map((t) => ({
        label: t.label,
        alternatives: t.alternatives.map((a) => a.label),
        commentIds: rowsOf(t.commentIds),
        quotes: t.quotes.map((q) => q.text),
      })),
      ms,
    })}\n`,
  );
} else {
  const grouped = result.total - result.ungrouped.length;
  process.stdout.write(
    `${result.total} responses, ${result.themes.length} suggested themes covering ${grouped} (${Math.round((grouped / Math.max(1, result.total)) * 100)}%), in ${ms} ms\n\n`,
  );
  for (const theme of result.themes) {
    process.stdout.write(
      `${theme.label} (${theme.commentIds.length})${theme.alternatives.length ? `  also: ${theme.alternatives.map((a) => a.label).join("; ")}` : ""}\n`,
    );
    for (const quote of theme.quotes) process.stdout.write(`  “${quote.text}”\n`);
    process.stdout.write("\n");
  }
  process.stdout.write(`Not yet grouped: ${result.ungrouped.length}\n`);
}

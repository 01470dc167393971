import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

// Every decision record says when it was taken and whether it still stands, and the index in
// docs/decisions/README.md lists each one as the record itself says (number, title, status, date).
const DIR = "docs/decisions";
const STATUS = /^(Proposed|Accepted|Superseded by (\d{3})|Amended by (\d{3}(?:(?:, | and )\d{3})*))$/;

type DecisionRecord = { file: string; number: string; heading?: string; title?: string; date?: string; status?: string };

function records(): DecisionRecord[] {
  return fs
    .readdirSync(DIR)
    .filter((file) => /^\d{3}-.+\.md$/.test(file) && !file.startsWith("000-"))
    .sort()
    .map((file) => {
      const text = fs.readFileSync(path.join(DIR, file), "utf8");
      const heading = /^# (\d{3}): (.+)$/m.exec(text);
      return {
        file,
        number: file.slice(0, 3),
        heading: heading?.[1],
        title: heading?.[2],
        date: /^Date: (.*)$/m.exec(text)?.[1],
        status: /^Status: (.*)$/m.exec(text)?.[1],
      };
    });
}

function indexRows() {
  const readme = fs.readFileSync(path.join(DIR, "README.md"), "utf8");
  return [...readme.matchAll(/^\| \[(\d{3})\]\(([^)]+)\) \| (.+?) \| (.+?) \| (.+?) \|$/gm)].map(([, number, file, title, status, date]) => ({
    number,
    file,
    title,
    status,
    date,
  }));
}

describe("decision records", () => {
  it("each has a title, a Date: line and a Status: line in the house form", () => {
    const all = records();
    expect(all.length).toBeGreaterThan(20);
    for (const record of all) {
      expect(record.title, `${record.file}: "# NNN: title" heading`).toBeDefined();
      expect(record.date, `${record.file}: "Date: YYYY-MM-DD" line`).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(record.status, `${record.file}: "Status: Proposed | Accepted | Superseded by NNN | Amended by NNN" line`).toMatch(STATUS);
      expect(record.heading, `${record.file}: the heading's number is the file's`).toBe(record.number);
    }
  });

  it("names only records that exist, and later ones, as superseding or amending", () => {
    const numbers = new Set(records().map((record) => record.number));
    for (const record of records()) {
      for (const other of record.status?.match(/\d{3}/g) ?? []) {
        expect(numbers.has(other), `${record.file} points to ADR ${other}`).toBe(true);
        expect(Number(other), `${record.file} is replaced by a later record`).toBeGreaterThan(Number(record.number));
      }
    }
  });

  it("are all in the index, as each record gives its title, status and date, and the index lists nothing else", () => {
    const expected = records().map(({ number, file, title, status, date }) => ({ number, file, title, status, date }));
    expect(indexRows()).toEqual(expected);
  });

  it("have numbers that are unique", () => {
    const numbers = records().map((record) => record.number);
    expect(numbers.filter((number, i) => numbers.indexOf(number) !== i)).toEqual([]);
  });
});

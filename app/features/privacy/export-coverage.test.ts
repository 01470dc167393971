import fs from "node:fs";
import { describe, expect, it } from "vitest";
import { NOT_EXPORTED, SECTIONS } from "./export-sections.server";

// A person's copy of their data must hold every kind of record about them. Each part of the
// copy names the columns it gives (`from`), and the columns deliberately left out are listed
// with their reasons (NOT_EXPORTED). This test reads schema.prisma, so a model or field added
// later that points at a person fails here until it is put in the copy or on that list.

/** A column named like one that holds a person's id: userId, authorId, subjectId, decidedById, owner... */
const PERSON_LIKE = /^(user|author|actor|owner|candidate|reporter|voter|member|holder|requester|creator|recipient)(Id)?$|^subjectId$|ById$/;

function readSchema() {
  const source = fs.readFileSync("prisma/schema.prisma", "utf8").replace(/\/\/.*$/gm, "");
  const columns = new Set<string>();
  const pointingAtPeople = new Set<string>(["User.id"]);
  for (const [, model, body] of source.matchAll(/^model (\w+) \{([\s\S]*?)^\}/gm)) {
    for (const line of body.split("\n")) {
      const field = /^\s+(\w+)\s+(\w+)(\[\])?(\?)?(.*)$/.exec(line);
      if (!field) continue;
      const [, name, type, list, , attributes] = field;
      if (type === "User" && model !== "User") {
        // A relation to User: the column is the one its @relation names.
        const keys = /fields:\s*\[([^\]]*)\]/.exec(attributes);
        if (!keys) throw new Error(`${model}.${name} points at User without naming its column: teach export-coverage.test.ts`);
        for (const key of keys[1].split(",")) pointingAtPeople.add(`${model}.${key.trim()}`);
      } else if (type === "String" && !list && PERSON_LIKE.test(name)) {
        pointingAtPeople.add(`${model}.${name}`);
      }
      columns.add(`${model}.${name}`);
    }
  }
  return { columns, pointingAtPeople };
}

const schema = readSchema();
const exported = new Set(SECTIONS.flatMap((section) => section.from));

describe("a copy of someone's data", () => {
  it("gives every column that points at a person, or says why not", () => {
    const missing = [...schema.pointingAtPeople].filter((column) => !exported.has(column) && !(column in NOT_EXPORTED));
    expect(missing, "Put these in a part of the copy (its `from`), or in NOT_EXPORTED with the reason").toEqual([]);
  });

  it("names only columns that exist, each either given or left out, never both, and every one left out has a reason", () => {
    const named = [...exported, ...Object.keys(NOT_EXPORTED)];
    expect(named.filter((column) => !schema.columns.has(column))).toEqual([]);
    expect([...exported].filter((column) => column in NOT_EXPORTED)).toEqual([]);
    for (const [column, reason] of Object.entries(NOT_EXPORTED)) expect(reason.length, column).toBeGreaterThan(20);
  });

  it("cannot say how anyone voted: ballots and sealed ballots point at no one, and no part reads them", () => {
    const ballotColumns = [...schema.columns].filter((column) => /^(Ballot|SealedBallot)\./.test(column));
    expect(ballotColumns.length).toBeGreaterThan(0);
    expect(ballotColumns.filter((column) => schema.pointingAtPeople.has(column))).toEqual([]);
    expect([...exported, ...Object.keys(NOT_EXPORTED)].filter((column) => /^(Ballot|SealedBallot)\./.test(column))).toEqual([]);
    // Nor does the copy module touch them at all.
    const source = fs.readFileSync("app/features/privacy/export-sections.server.ts", "utf8");
    expect(source).not.toMatch(/\b(ballot|sealedBallot)\./);
  });
});

import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { suggestThemesFor, type ResponseText } from "./theme-suggestions";

// Fifty-two responses to a crisis-support consultation, written as people write: seven
// concerns in different words, and a few that say nothing in particular.
const rows = parse(fs.readFileSync(path.resolve(import.meta.dirname, "../../../test/fixtures/responses/crisis-support.csv")), { columns: true }) as Record<
  string,
  string
>[];
const RESPONSES: ResponseText[] = rows.map((row, i) => ({ id: `r${String(i).padStart(2, "0")}`, text: row.text, agrees: i % 3, section: row.section || null }));
const byId = new Map(RESPONSES.map((r) => [r.id, r.text]));
const result = suggestThemesFor(RESPONSES, { exclude: ["Mental health crisis support"] });
const themeOf = (label: string) => result.themes.find((t) => t.label === label);

describe("suggested themes", () => {
  it("names the groups a commissioner would, by phrases people used", () => {
    expect(result.themes.map((t) => t.label).sort()).toEqual(["adult services", "carers", "crisis café", "crisis line", "hub", "waiting times"]);
  });

  it("puts the comments about one concern together, and shows the quotes closest to its centre", () => {
    const line = themeOf("crisis line")!;
    expect(line.commentIds.map((id) => byId.get(id)).every((text) => /phone|line|answer/i.test(text!))).toBe(true);
    expect(line.quotes).toHaveLength(3);
    expect(line.quotes.every((q) => /crisis line|phone/i.test(q.text))).toBe(true);
    const cafe = themeOf("crisis café")!;
    expect(cafe.commentIds.map((id) => byId.get(id)).filter((text) => /café/i.test(text!)).length).toBeGreaterThanOrEqual(cafe.commentIds.length - 1);
    expect(cafe.alternatives.map((a) => a.label)).toContain("weekends");
  });

  it("says how many comments, the share of agrees and the sections each concerns", () => {
    const waiting = themeOf("waiting times")!;
    const agrees = waiting.commentIds.reduce((sum, id) => sum + RESPONSES.find((r) => r.id === id)!.agrees!, 0);
    const all = RESPONSES.reduce((sum, r) => sum + r.agrees!, 0);
    expect(waiting.agreeShare).toBeCloseTo(agrees / all, 2);
    expect(waiting.sections[0]).toEqual({ section: "4", count: expect.any(Number) });
    expect(waiting.description).toMatch(/^\d+ comments about waiting times/);
  });

  it("covers most comments and leaves what says nothing in particular ungrouped", () => {
    const grouped = result.themes.reduce((sum, t) => sum + t.commentIds.length, 0);
    expect(grouped / RESPONSES.length).toBeGreaterThan(0.75);
    expect(grouped + result.ungrouped.length).toBe(RESPONSES.length);
  });

  it("never offers a filler word, or the consultation's own title, as a theme", () => {
    const filler = suggestThemesFor(
      Array.from({ length: 30 }, (_, i) => ({
        id: `f${i}`,
        text:
          i % 2 ? `People need more support with mental health, and better ways of working ${i}.` : `Support for people is a good idea, a lot of work ${i}.`,
      })),
      { exclude: ["Mental health support"] },
    );
    expect(filler.themes.map((t) => t.label)).toEqual([]);
  });

  const subsets = fc.shuffledSubarray(RESPONSES, { minLength: 8 });
  it("puts every comment in at most one suggestion, whatever the comments", () => {
    fc.assert(
      fc.property(subsets, (responses) => {
        const ids = suggestThemesFor(responses).themes.flatMap((t) => t.commentIds);
        return new Set(ids).size === ids.length && ids.every((id) => responses.some((r) => r.id === id));
      }),
      { numRuns: 25 },
    );
  });

  it("gives the same suggestions for the same comments in any order", () => {
    fc.assert(
      fc.property(subsets, (responses) => {
        expect(suggestThemesFor([...responses].reverse())).toEqual(suggestThemesFor(responses));
      }),
      { numRuns: 15 },
    );
  });

  it("labels every suggestion with phrases that occur in its comments' text", () => {
    fc.assert(
      fc.property(subsets, (responses) => {
        for (const theme of suggestThemesFor(responses).themes) {
          for (const label of [theme.label, ...theme.alternatives.map((a) => a.label)]) {
            expect(theme.commentIds.some((id) => byId.get(id)!.toLowerCase().includes(label.toLowerCase()))).toBe(true);
          }
          expect(theme.label.split(" ").length).toBeLessThanOrEqual(4);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("suggests nothing for no comments", () => {
    expect(suggestThemesFor([])).toEqual({ total: 0, themes: [], ungrouped: [] });
  });

  // A proposal with one comment, or comments sharing no word, is what a commissioner sees first.
  it("suggests nothing, leaving every comment ungrouped, when no two comments share a word", () => {
    expect(suggestThemesFor([{ id: "a", text: "A comment" }])).toEqual({ total: 1, themes: [], ungrouped: ["a"] });
    const apart = [
      { id: "a", text: "The café should open later." },
      { id: "b", text: "Buses from Eccles stop early." },
    ];
    expect(suggestThemesFor(apart)).toEqual({ total: 2, themes: [], ungrouped: ["a", "b"] });
  });
});

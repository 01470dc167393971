import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

// `npm run themes` as an analyst runs it, on a CSV of past responses.
const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, "..");
const themes = (...args: string[]) => run(process.execPath, ["--import", "tsx", "scripts/themes.ts", ...args], { cwd: root });

describe("npm run themes", () => {
  it("prints the suggested themes as JSON, with 0-based row numbers", async () => {
    const { stdout } = await themes("test/fixtures/responses/crisis-support.csv", "--json");
    const result = JSON.parse(stdout) as {
      comments: number;
      themes: { label: string; alternatives: string[]; commentIds: number[]; quotes: string[] }[];
      ms: number;
    };
    expect(result.comments).toBe(52);
    expect(result.themes.map((t) => t.label)).toContain("crisis café");
    const cafe = result.themes.find((t) => t.label === "crisis café")!;
    expect(cafe.commentIds).toContain(8); // the ninth data row: "The crisis café should open in the evenings…"
    expect(cafe.quotes).toHaveLength(3);
    expect(typeof result.ms).toBe("number");
  });

  it("reads another column when told, and says plainly when the column is missing", async () => {
    const { stdout } = await themes("--column", "text", "test/fixtures/responses/crisis-support.csv");
    expect(stdout).toMatch(/^52 responses, \d+ suggested themes covering \d+/);
    await expect(themes("test/fixtures/responses/crisis-support.csv", "--column", "body")).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('The CSV has no column "body"'),
    });
  });
});

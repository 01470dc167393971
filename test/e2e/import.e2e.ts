import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn, watchForHydrationErrors } from "./browser";

const baseUrl = inject("baseUrl");
const slug = "out-of-hours-crisis-support";
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

// The example file, its sections made "whole proposal" (the demo proposal numbers them
// differently) and every third respondent agreeing to publication.
const fixture = parse(readFileSync("test/fixtures/responses/crisis-support.csv", "utf8"), { columns: true }) as Record<string, string>[];
const rows: Record<string, string>[] = fixture.map((row, i) => ({ ...row, section: "", consent: i % 3 === 0 ? "yes" : "no" }));
const csv = stringify(rows, { header: true, columns: ["text", "name", "organisation", "stakeholder type", "section", "date", "channel", "consent"] });
const byChannel = (channel: string) => rows.filter((row) => row.channel === channel).length;

describe("responses received outside the platform", () => {
  it("a commissioner imports a CSV, accepts a suggested theme that holds imported responses, finds them in it, and the report counts them by channel", async () => {
    const page = await (await browser.newContext()).newPage();
    const hydration = watchForHydrationErrors(page);
    await signIn(page, baseUrl, "commissioner@example.org", DEMO_PASSWORD);
    await page.goto(`${baseUrl}/manage/proposals/${slug}/analysis`);
    const nav = page.getByRole("navigation", { name: "Feedback analysis" });
    await nav.getByRole("link", { name: "Import responses" }).click();
    await page.waitForURL(/\/analysis\/import$/);
    await expectAccessible(page);

    // A file with a bad row is refused whole, the row named by its line.
    await page
      .getByLabel("CSV file of responses")
      .setInputFiles({ name: "bad.csv", mimeType: "text/csv", buffer: Buffer.from(`${csv}"A letter.",,,alien,,2026-10-01,email,no\n`) });
    await page.getByRole("button", { name: "Import responses" }).click();
    await expect.poll(() => page.getByRole("alert").textContent()).toContain("1 row cannot be imported, so nothing was imported");
    await expect.poll(() => page.getByTestId("import-problems").textContent()).toContain(`${rows.length + 2}`);
    await expectAccessible(page);

    await page.getByLabel("CSV file of responses").setInputFiles({ name: "responses.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import responses" }).click();
    await expect
      .poll(() =>
        page
          .getByRole("status")
          .filter({ hasText: /^Imported/ })
          .textContent(),
      )
      .toContain(`Imported ${rows.length} responses (${byChannel("email")} by email, ${byChannel("post")} by post, ${byChannel("meeting")} by meeting)`);
    await expectAccessible(page);

    // Suggest themes, and accept one whose quotes come from the imported file.
    await nav.getByRole("link", { name: "Themes" }).click();
    await page.waitForURL(/\/analysis\/themes$/);
    await page.getByRole("button", { name: "Suggest themes" }).click();
    await page.waitForURL(/suggest=1/);
    const cards = page.getByTestId("suggestions").locator("li.nhsuk-card");
    const texts = await cards.allTextContents();
    const chosen = texts.findIndex((card) => rows.some((row) => card.includes(row.text)));
    expect(chosen).toBeGreaterThanOrEqual(0);
    const card = cards.nth(chosen);
    const themeName = await card.getByLabel(/^Theme name for/).inputValue();
    await card.getByRole("button", { name: /^Accept .* as a theme$/ }).click();
    await expect
      .poll(() =>
        page
          .getByRole("status")
          .filter({ hasText: `Created the theme “${themeName}”` })
          .count(),
      )
      .toBe(1);
    await expectAccessible(page);

    // The workspace, filtered by the theme, shows the imported responses with their channel.
    await nav.getByRole("link", { name: "Comments" }).click();
    await page.waitForURL(/\/analysis$/);
    await page.getByText("Filter and search").click();
    await page.getByLabel("Theme", { exact: true }).selectOption({ label: themeName });
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/theme=/);
    await expect.poll(() => page.getByTestId("channel").count()).toBeGreaterThan(0);
    const imported = await page
      .getByTestId("analysis-comment")
      .filter({ has: page.getByTestId("channel") })
      .allTextContents();
    expect(imported.every((row) => row.includes(themeName))).toBe(true);
    expect(imported.some((row) => rows.some((r) => row.includes(r.text)))).toBe(true);
    await expectAccessible(page);

    // The report counts responses by how they came.
    await page.goto(`${baseUrl}/proposals/${slug}/report`);
    const channels = page.getByTestId("by-channel");
    for (const [label, channel] of [
      ["By email", "email"],
      ["By post", "post"],
      ["At meetings", "meeting"],
    ] as const) {
      await expect
        .poll(() => channels.getByRole("row").filter({ hasText: label }).textContent())
        .toMatch(new RegExp(`${label}\\s*Responses\\s*${byChannel(channel)}$`));
    }
    await expectAccessible(page);
    expect(hydration).toEqual([]);
  });
});

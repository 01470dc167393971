import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
const electionUrl = `${baseUrl}/elections/service-user-by-election`;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("a Forum by-election", () => {
  it("a member ranks and casts, the officer watches turnout and declares, the receipt is published, the winner sits on the Board", async () => {
    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, baseUrl, "officer@example.org", DEMO_PASSWORD);
    const socket = officer.waitForEvent("websocket");
    await officer.goto(electionUrl);
    await (await socket).waitForEvent("framesent", { predicate: (f) => String(f.payload).includes("room:join") });
    const before = await officer.getByTestId("turnout").textContent();
    await expectAccessible(officer);
    const pages = await (await browser.newContext()).newPage();
    await signIn(pages, baseUrl, "officer@example.org", DEMO_PASSWORD);
    await pages.getByRole("link", { name: "Elections", exact: true }).click();
    await pages.waitForURL(`${baseUrl}/elections`);
    await expectAccessible(pages);
    await pages.getByRole("link", { name: "Call an election" }).click();
    await pages.waitForURL(`${baseUrl}/elections/new`);
    await expectAccessible(pages);

    const voter = await (await browser.newContext()).newPage();
    await signIn(voter, baseUrl, "member@example.org", DEMO_PASSWORD);
    await voter.goto(electionUrl);
    await voter.getByRole("link", { name: "Vote", exact: true }).click();
    await voter.waitForURL(`${electionUrl}/vote`);
    await expectAccessible(voter);
    await voter.getByLabel("Sam Rivers").selectOption("1");
    await voter.getByLabel("Leigh Ward").selectOption("2");
    await voter.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => voter.getByRole("heading", { level: 1 }).textContent()).toBe("Check your vote");
    await expectAccessible(voter);
    await voter.getByRole("button", { name: "Cast my vote" }).click();
    await expect.poll(() => voter.getByTestId("receipt").isVisible()).toBe(true);
    const receipt = (await voter.getByTestId("receipt").textContent())!;
    await expectAccessible(voter);

    // The officer sees turnout rise without reloading, and never a partial result.
    await expect.poll(() => officer.getByTestId("turnout").textContent(), { timeout: 10_000 }).not.toBe(before);
    expect(await officer.getByText("Count and declare the result").count()).toBe(0);

    // Time passes: the poll closes.
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    await client.query(`UPDATE "Election" SET "votingCloseAt" = now() - interval '1 minute' WHERE slug = 'service-user-by-election'`);
    await client.end();

    await officer.reload();
    await officer.getByRole("button", { name: "Count and declare the result" }).click();
    await officer.waitForURL(`${electionUrl}/results`);
    await expect.poll(() => officer.locator(".nhsuk-panel__body").first().textContent()).toBe("Sam Rivers");
    await expect.poll(() => officer.getByTestId("receipts").textContent()).toContain(receipt);
    await expectAccessible(officer);

    await officer.goto(`${baseUrl}/bodies/partnership-board`);
    await expect.poll(() => officer.getByRole("row", { name: /Forum service-user representative/ }).textContent()).toContain("Sam Rivers");
  });
});

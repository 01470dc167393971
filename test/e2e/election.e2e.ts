import pg from "pg";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_COUNT_PASSPHRASE, DEMO_PASSWORD } from "../../prisma/seed";
import { londonToday } from "#app/utils/dates";
import { expectAccessible, expectFieldError, launchBrowser, signIn, gotoLive } from "./browser";

const baseUrl = inject("baseUrl");
const electionUrl = `${baseUrl}/elections/service-user-by-election`;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("a Forum by-election", () => {
  // First: the main test below closes the poll.
  it("calling an election and voting show each error at its field, in the NHS.UK way", async () => {
    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, baseUrl, "officer@example.org", DEMO_PASSWORD);
    await officer.goto(`${baseUrl}/elections/new`);
    // A timetable with mistakes in its times: one left out, one that closes the poll before it opens, on the same day.
    await officer.getByLabel("Nominations open on (YYYY-MM-DD)").fill("2030-02-01");
    await officer.getByLabel("Voting opens on (YYYY-MM-DD)").fill("2030-03-01");
    // Each time field's name says which moment it is, for a screen reader arriving from the summary.
    await officer.getByLabel("Voting opens at (HH:MM)", { exact: true }).fill("09:00");
    await officer.getByLabel("Voting closes on (YYYY-MM-DD)").fill("2030-03-01");
    await officer.getByLabel("Voting closes at (HH:MM)", { exact: true }).fill("08:00");
    await officer.getByRole("button", { name: "Call the election" }).click();
    await expectFieldError(officer, "seatId", "Choose the seat");
    await expectFieldError(officer, "constituency", "Choose who may vote");
    // Each time's mistake is at the time, not at the date beside it.
    await expectFieldError(officer, "nominationsOpenTime", "Enter the time nominations open (HH:MM)");
    await expectFieldError(officer, "votingCloseTime", "Voting must close after it opens");
    for (const date of ["nominationsOpenDate", "votingCloseDate"]) {
      expect(await officer.locator(`#${date}`).getAttribute("aria-invalid"), `#${date} is not marked wrong`).toBeNull();
      expect(await officer.locator(`#${date}-error`).count()).toBe(0);
    }
    expect(await officer.title()).toBe("Error: Call an election - Touchstone");
    for (const moment of ["Nominations open", "Nominations close", "Voting opens", "Voting closes"])
      expect(await officer.getByLabel(`${moment} at (HH:MM)`, { exact: true }).count(), moment).toBe(1);
    await expectAccessible(officer);

    // Re-running the poll with a closing time already past today: the time is wrong, not the date; nothing is made void.
    await officer.goto(electionUrl);
    await officer.getByText("The count passphrase is lost").click();
    await officer.getByLabel("I am the returning officer and I declare the votes cast so far void").check();
    await officer.getByLabel("The re-run poll closes on (YYYY-MM-DD)").fill(londonToday());
    await officer.getByLabel("The re-run poll closes at (HH:MM)", { exact: true }).fill("00:00");
    await officer.getByLabel("New count passphrase", { exact: true }).fill("a passphrase nobody will use");
    await officer.getByLabel("New count passphrase again").fill("a passphrase nobody will use");
    await officer.getByRole("button", { name: "Declare the votes void and re-run the poll" }).click();
    await expectFieldError(officer, "votingCloseTime", "The re-run poll must close in the future, after it opens");
    expect(await officer.locator("#votingCloseDate").getAttribute("aria-invalid"), "#votingCloseDate is not marked wrong").toBeNull();
    await expectAccessible(officer);
    await officer.context().close();

    // A ballot with no preference: the refusal is about the ballot as a whole, so it sits
    // under the legend and the summary links to the first choice.
    const voter = await (await browser.newContext()).newPage();
    await signIn(voter, baseUrl, "member@example.org", DEMO_PASSWORD);
    await voter.goto(`${electionUrl}/vote`);
    const first = await voter.locator("select").first().getAttribute("id");
    await voter.getByRole("button", { name: "Continue" }).click();
    await expectFieldError(voter, first!, "Put the number 1 next to the candidate you most want to elect", { messageId: "preferences-error" });
    await expectAccessible(voter);
    await voter.context().close();
  });

  it("members vote with and without JavaScript, the officer watches turnout and declares with the count passphrase, each voter finds their receipt, the winner sits on the Board", async () => {
    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, baseUrl, "officer@example.org", DEMO_PASSWORD);
    await gotoLive(officer, electionUrl, "election");
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

    // A member whose browser runs no JavaScript votes through the same forms.
    const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await signIn(plain, baseUrl, "sam@example.org", DEMO_PASSWORD);
    await plain.goto(`${electionUrl}/vote`);
    const electionTitle = await plain.getByRole("heading", { level: 1 }).textContent();
    expect(await plain.title()).toBe(`Vote: ${electionTitle} - Touchstone`);
    await plain.getByLabel("Sam Rivers").selectOption("1");
    await plain.getByRole("button", { name: "Continue" }).click();
    await plain.waitForURL(`${electionUrl}/vote`);
    expect(await plain.getByRole("heading", { level: 1 }).textContent()).toBe("Check your vote");
    // Each step has its own title, though the steps share an address and no script runs.
    expect(await plain.title()).toBe(`Check your vote: ${electionTitle} - Touchstone`);
    await plain.getByRole("button", { name: "Cast my vote" }).click();
    await plain.waitForURL(`${electionUrl}/vote`);
    const plainReceipt = (await plain.getByTestId("receipt").textContent())!;
    expect(await plain.title()).toBe(`Your vote has been cast: ${electionTitle} - Touchstone`);
    expect(plainReceipt).toMatch(/^([0-9a-f]{8} ){7}[0-9a-f]{8}$/);
    // (axe-core runs as a script, so it is run on these same pages in the JavaScript contexts.)

    // The officer sees turnout rise without reloading, and never a partial result.
    await expect.poll(() => officer.getByTestId("turnout").textContent(), { timeout: 10_000 }).not.toBe(before);
    expect(await officer.getByText("Count and declare the result").count()).toBe(0);

    // Time passes: the poll closes.
    const client = new pg.Client({ connectionString: inject("databaseUrl") });
    await client.connect();
    await client.query(`UPDATE "Election" SET "votingCloseAt" = now() - interval '1 minute' WHERE slug = 'service-user-by-election'`);
    await client.end();

    await officer.reload();
    // A mistyped passphrase is refused beside the field, and nothing is counted.
    await officer.getByLabel("Count passphrase", { exact: true }).fill("hemsley-house-cont");
    await officer.getByRole("button", { name: "Count and declare the result" }).click();
    await expect.poll(() => officer.locator(".nhsuk-error-summary").textContent()).toContain("This is not the count passphrase for this election");
    await expectAccessible(officer);
    expect(officer.url()).toBe(electionUrl);
    await officer.getByLabel("Count passphrase", { exact: true }).fill(DEMO_COUNT_PASSPHRASE);
    await officer.getByRole("button", { name: "Count and declare the result" }).click();
    await officer.waitForURL(`${electionUrl}/results`);
    await expect.poll(() => officer.locator(".nhsuk-panel__body").first().textContent()).toBe("Sam Rivers");
    await expectAccessible(officer);

    // Each voter finds their own receipt in the published ballot box.
    for (const [page, code] of [
      [voter, receipt],
      [plain, plainReceipt],
    ] as const) {
      await page.goto(`${electionUrl}/results`);
      await expect.poll(() => page.getByTestId("receipts").textContent()).toContain(code);
      expect(await page.getByTestId("receipts").getByRole("listitem").count()).toBeGreaterThanOrEqual(2);
    }
    await expectAccessible(voter);

    await officer.goto(`${baseUrl}/bodies/partnership-board`);
    await expect.poll(() => officer.getByRole("row", { name: /Forum service-user representative/ }).textContent()).toContain("Sam Rivers");
  });
});

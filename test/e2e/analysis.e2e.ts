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

describe("feedback analysis", () => {
  it("a commissioner tags comments, writes a summary and publishes; a carer who commented sees the outcome and the email", async () => {
    const page = await (await browser.newContext()).newPage();
    const hydration = watchForHydrationErrors(page);
    await signIn(page, baseUrl, "commissioner@example.org", DEMO_PASSWORD);
    await page.goto(`${baseUrl}/manage/proposals/${slug}`);
    await page.getByRole("link", { name: "Analyse the feedback" }).click();
    await page.waitForURL(`${baseUrl}/manage/proposals/${slug}/analysis`);
    await expectAccessible(page);

    // A theme of its own, then two comments about the phone line tagged with it.
    await page.getByRole("navigation", { name: "Feedback analysis" }).getByRole("link", { name: "Themes" }).click();
    await page.waitForURL(/\/analysis\/themes$/);
    await page.getByLabel("Theme name").fill("Answering the phone quickly");
    await page.getByRole("button", { name: "Create theme" }).click();
    await expect.poll(() => page.getByRole("status").filter({ hasText: "Created the theme" }).count()).toBe(1);
    await expectAccessible(page);

    await page.getByRole("navigation", { name: "Feedback analysis" }).getByRole("link", { name: "Comments" }).click();
    await page.waitForURL(/\/analysis$/);
    const before = Number((await page.getByTestId("tag-progress").textContent())!.split(" ")[0]);
    await page.getByLabel(/Select the comment by .*: One number is good/).check();
    await page.getByLabel(/Select the comment by .*: Three numbers is confusing/).check();
    await page.getByLabel("Theme for the selected comments").selectOption({ label: "Answering the phone quickly (0)" });
    await page.getByRole("button", { name: "Tag selected" }).click();
    await expect.poll(() => page.getByText("Tagged 2 comments").count()).toBe(1);
    await expect.poll(() => page.getByTestId("tag-progress").textContent()).toMatch(new RegExp(`^${before + 2} of \\d+ comments tagged`));
    await expectAccessible(page);

    // A section summary saves itself as a draft.
    await page.getByRole("navigation", { name: "Feedback analysis" }).getByRole("link", { name: "Summary" }).click();
    await page.waitForURL(/\/analysis\/summary$/);
    await page.locator("#summary-3").fill("People want one number, answered quickly by mental-health staff.");
    await expect.poll(() => page.getByTestId("summary-3-status").textContent(), { timeout: 10_000 }).toMatch(/^Draft saved at/);
    await expectAccessible(page);

    // You said, we did; then publish.
    await page.getByRole("navigation", { name: "Feedback analysis" }).getByRole("link", { name: "You said, we did" }).click();
    await page.waitForURL(/\/analysis\/response$/);
    await page.getByLabel("What the feedback told you overall, and what happens next").fill("Most people welcomed a single number, if it is answered quickly.");
    await expect.poll(() => page.getByTestId("overview-status").textContent(), { timeout: 10_000 }).toMatch(/^Draft saved at/);
    const theme = page.locator("section").filter({ has: page.getByRole("heading", { name: /Answering the phone quickly/ }) });
    await theme.getByLabel("You said", { exact: true }).fill("Calls must be answered quickly; three numbers confuse people in crisis.");
    await theme.getByLabel("Changed", { exact: true }).check();
    await theme.getByLabel("We did", { exact: true }).fill("The line will have a target of answering within two minutes.");
    await theme.getByRole("button", { name: /^Save Answering the phone quickly/ }).click();
    await expect.poll(() => theme.getByText("Saved").count()).toBe(1);
    await page.getByRole("button", { name: /^Publish/ }).click();
    await expect
      .poll(() =>
        page
          .getByRole("status")
          .filter({ hasText: /^Published/ })
          .count(),
      )
      .toBe(1);
    await expectAccessible(page);
    expect(hydration).toEqual([]);

    // The carer who commented is told in Touchstone and by email.
    const carer = await (await browser.newContext()).newPage();
    await signIn(carer, baseUrl, "carer@example.org", DEMO_PASSWORD);
    await carer.goto(`${baseUrl}/notifications`);
    await carer.getByRole("link", { name: "What we did with your feedback on Out-of-hours crisis support" }).first().click();
    await carer.waitForURL(`${baseUrl}/proposals/${slug}/outcome`);
    await expect.poll(() => carer.getByText("The line will have a target of answering within two minutes.").count()).toBe(1);
    await expect.poll(() => carer.getByText("Most people welcomed a single number, if it is answered quickly.").count()).toBe(1);
    await expectAccessible(carer);
    await carer.getByRole("link", { name: "The full consultation report" }).click();
    await carer.waitForURL(`${baseUrl}/proposals/${slug}/report`);
    await expect.poll(() => carer.getByTestId("participation").textContent()).toContain("Carer");
    await expectAccessible(carer);
    await carer.goto(`${baseUrl}/proposals/${slug}/changes`);
    await expectAccessible(carer);

    await carer.goto(`${baseUrl}/outbox?to=${encodeURIComponent("carer@example.org")}`);
    await carer
      .getByRole("link", { name: /What we did with your feedback on Out-of-hours crisis support/ })
      .first()
      .click();
    await carer.waitForURL(/\/outbox\/.+/);
    await expect.poll(() => carer.getByText(`/proposals/${slug}/outcome`).count()).toBeGreaterThan(0);
  });
});

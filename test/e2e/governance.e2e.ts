import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn, watchForHydrationErrors } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the Board's business", () => {
  it("a secretary records attendance, minutes an item with a decision and an action; the owner sees it; the public sees the approved minutes", async () => {
    const secretary = await (await browser.newContext()).newPage();
    const hydration = watchForHydrationErrors(secretary);
    await signIn(secretary, baseUrl, "secretary@example.org", DEMO_PASSWORD);
    await secretary.goto(`${baseUrl}/bodies/partnership-board`);
    // The joint meeting two months ago, on crisis support, is not yet minuted (demo data).
    await secretary
      .locator("li")
      .filter({ hasText: "Crisis support: what the Forum heard" })
      .getByRole("link", { name: "Partnership Board and Mental Health Forum joint meeting" })
      .click();
    await secretary.waitForURL(/\/bodies\/partnership-board\/meetings\//);
    const meetingUrl = secretary.url();
    await expectAccessible(secretary);

    await secretary.getByText("Record attendance").click();
    for (const name of ["Jo", "Councillor Rose Whitfield", "Helen Brooks", "Priya Shah", "Marcus (carer)"])
      await secretary.getByLabel(`${name} present`, { exact: true }).check();
    await secretary.getByLabel("Apologies from Anil Varma").check();
    await secretary.getByRole("button", { name: "Save attendance" }).click();
    await expect.poll(() => secretary.getByTestId("quorum").textContent()).toContain("Quorate");

    const item = secretary.locator("li.app-section").filter({ hasText: "Crisis support: what the Forum heard" });
    await item.getByText(/^Minute this item/).click();
    await item.getByLabel("Minutes of this item").fill("The Forum's representatives reported what members said about crisis support after 5pm.");
    await item.getByRole("button", { name: "Save minutes" }).click();
    await expect.poll(() => item.getByRole("status").textContent()).toContain("Minutes saved");
    await item.getByLabel("Decision", { exact: true }).fill("To ask the commissioners for options for a crisis café.");
    await item.getByLabel("A vote was taken").check();
    await item.getByLabel("Jo", { exact: true }).selectOption("FOR");
    await item.getByLabel("Priya Shah", { exact: true }).selectOption("FOR");
    await item.getByLabel("Helen Brooks", { exact: true }).selectOption("ABSTAIN");
    await item.getByRole("button", { name: "Record decision" }).click();
    await expect.poll(() => item.getByTestId("decision").first().textContent()).toMatch(/To ask the commissioners for options for a crisis café\..*for 2 \(/s);

    await secretary.getByText("Record an action").click();
    await secretary.getByLabel("Action", { exact: true }).fill("Bring the crisis café options to the next Board.");
    await secretary.getByLabel("Owner (a person)").selectOption({ label: "Jo (Forum service-user representative)" });
    await secretary.getByLabel("Due (YYYY-MM-DD)").fill("2027-01-15");
    await secretary.getByRole("button", { name: "Record action" }).click();
    await expect.poll(() => secretary.getByTestId("action").filter({ hasText: "Bring the crisis café options" }).count()).toBe(1);
    await secretary.getByRole("button", { name: "Publish the draft minutes" }).click();
    await expect.poll(() => secretary.getByText("Minutes: draft, to be approved at the next meeting").count()).toBe(1);
    await expectAccessible(secretary);

    await secretary.getByRole("link", { name: "Add a report with recommendations" }).click();
    await secretary.getByRole("button", { name: "Add the report" }).click();
    await expect.poll(() => secretary.locator(".nhsuk-error-summary").textContent()).toContain("Enter a title");
    await expectAccessible(secretary);

    // At the next meeting, the minutes are approved as a correct record.
    await secretary.goto(`${baseUrl}/bodies/partnership-board`);
    await secretary
      .locator("li")
      .filter({ hasText: "Commissioning arrangements: the proposal for discussion" })
      .getByRole("link", { name: "Partnership Board meeting" })
      .click();
    await secretary.waitForURL(/\/bodies\/partnership-board\/meetings\//);
    const approve = secretary.getByLabel("Approve as a correct record the minutes of");
    const options = await approve.locator("option").allTextContents();
    await approve.selectOption({ label: options.find((o) => o.startsWith("Partnership Board and Mental Health Forum joint meeting"))! });
    await secretary.getByRole("button", { name: "Record the approval" }).click();
    await expect.poll(() => secretary.getByRole("status").textContent()).toContain("Minutes approved as a correct record");
    expect(hydration).toEqual([]);

    // The owner sees the action.
    const jo = await (await browser.newContext()).newPage();
    await signIn(jo, baseUrl, "member@example.org", DEMO_PASSWORD);
    await jo.goto(`${baseUrl}/account`);
    await jo.getByRole("link", { name: "Actions you own from meetings" }).click();
    await expect.poll(() => jo.getByTestId("action").filter({ hasText: "Bring the crisis café options to the next Board." }).count()).toBe(1);
    await expectAccessible(jo);

    // The public sees the approved minutes with the decision.
    const visitor = await (await browser.newContext()).newPage();
    await visitor.goto(meetingUrl);
    await expect.poll(() => visitor.getByText("Minutes: approved as a correct record").count()).toBe(1);
    await expect.poll(() => visitor.getByText("The Forum's representatives reported what members said about crisis support after 5pm.").count()).toBe(1);
    await expectAccessible(visitor);

    // A report whose recommendations were decided one by one (demo data), and the action log.
    await visitor.goto(`${baseUrl}/bodies/partnership-board`);
    await visitor.locator("li").filter({ hasText: "Pooled budget report" }).getByRole("link", { name: "Partnership Board meeting" }).click();
    await visitor.getByRole("link", { name: "Pooled budget for mental health: the coming year" }).first().click();
    await expect.poll(() => visitor.getByTestId("recommendation").nth(1).textContent()).toContain("Approved as amended");
    await expectAccessible(visitor);
    await visitor.goto(`${baseUrl}/bodies/partnership-board/actions`);
    await expect.poll(() => visitor.getByTestId("action").filter({ hasText: "Overdue" }).count()).toBeGreaterThan(0);
    await expectAccessible(visitor);
  });
});

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, expectFieldError, launchBrowser, signIn, gotoLive } from "./browser";

const baseUrl = inject("baseUrl");
const proposalUrl = `${baseUrl}/proposals/mental-health-commissioning-arrangements`;
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const openLive = (page: Page) => gotoLive(page, proposalUrl, "proposal");

/** Presses Tab until the focused element's text matches, as a keyboard user would. */
async function tabTo(page: Page, text: RegExp, limit = 400) {
  for (let i = 0; i < limit; i++) {
    await page.keyboard.press("Tab");
    const focused = await page.evaluate(() => {
      const element = document.activeElement as HTMLInputElement | null;
      return (element?.labels?.[0]?.textContent ?? element?.textContent ?? "").trim();
    });
    if (text.test(focused)) return;
  }
  throw new Error(`could not reach ${text} with the keyboard`);
}

describe("a live consultation", () => {
  it("lets one person comment on a paragraph by keyboard while another sees it arrive, mid-sentence", async () => {
    const reader = await (await browser.newContext()).newPage();
    await signIn(reader, baseUrl, "carer@example.org", DEMO_PASSWORD);
    await openLive(reader);
    await expectAccessible(reader);
    // The reader starts writing a comment of their own.
    await reader.getByLabel("Your comment").fill("I am still thinking about section 2, and");

    const writer = await (await browser.newContext()).newPage();
    await signIn(writer, baseUrl, "member@example.org", DEMO_PASSWORD);
    await openLive(writer);
    await expect.poll(() => reader.getByTestId("presence").textContent()).toBe("2 people viewing now");

    // Keyboard only: reach "Comment on this paragraph" for section 3, paragraph 2.
    await writer.locator("body").focus();
    await tabTo(writer, /Comment on this paragraph \(section 3, paragraph 2\)/);
    await writer.keyboard.press("Enter");
    expect(await writer.evaluate(() => document.activeElement?.id)).toBe("have-your-say-form-body");
    await expect.poll(() => writer.locator(".app-comment-target").textContent()).toContain("Commenting on section 3, paragraph 2");
    await writer.keyboard.type("The Forum should have more than three seats on the Board.");
    // The stance radios are one tab stop; arrow keys move within them.
    await tabTo(writer, /^Support$/);
    await writer.keyboard.press("ArrowRight");
    expect(await writer.locator("#have-your-say-form").getByLabel("Concern").isChecked()).toBe(true);
    await tabTo(writer, /Post comment/);
    await writer.keyboard.press("Enter");
    await writer.waitForURL(/posted=/);
    const mine = writer.locator(".app-comment").filter({ hasText: "The Forum should have more than three seats" });
    await expect.poll(() => mine.count()).toBe(1);
    expect(await mine.textContent()).toContain("About section 3, Role of the Partnership Board for Mental Health, paragraph 2");
    await expectAccessible(writer);

    // The reader is told, without the page moving, and the half-written comment survives.
    await expect.poll(() => reader.getByRole("button", { name: /1 new comment - show/ }).isVisible(), { timeout: 10_000 }).toBe(true);
    expect(await reader.getByLabel("Your comment").inputValue()).toBe("I am still thinking about section 2, and");
    await reader.getByRole("button", { name: /1 new comment - show/ }).click();
    await expect.poll(() => reader.getByText("The Forum should have more than three seats on the Board.").count()).toBe(1);
    expect(await reader.getByLabel("Your comment").inputValue()).toBe("I am still thinking about section 2, and");

    // A reply appears in place for the writer, live.
    const thread = reader.locator(".app-comment").filter({ hasText: "The Forum should have more than three seats" }).first();
    await thread.getByRole("button", { name: /^Reply/ }).click();
    await reader.getByLabel(/Your reply to Jo/).fill("Agreed: carers need a stronger voice too.");
    await reader.getByRole("button", { name: "Post reply" }).click();
    await expect.poll(() => writer.getByText("Agreed: carers need a stronger voice too.").count(), { timeout: 10_000 }).toBe(1);
    await expectAccessible(reader);
  });

  it("offers private support to someone whose comment suggests crisis", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, baseUrl, "voluntary@example.org", DEMO_PASSWORD);
    await page.goto(proposalUrl);
    await page.getByLabel("Your comment").fill("Some of our members tell us they cannot go on without the day service.");
    await page.getByRole("button", { name: "Post comment" }).click();
    await page.waitForURL(/support=1/);
    await expect.poll(() => page.getByText("If you are struggling, help is available now").isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Samaritans").first().isVisible()).toBe(true);
    await expectAccessible(page);
  });

  it("shows a clear error beside the field for an empty comment and keeps the page usable", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, baseUrl, "resident@example.org", DEMO_PASSWORD);
    await page.goto(proposalUrl);
    await page.getByRole("button", { name: "Post comment" }).click();
    await expect.poll(() => page.locator("#have-your-say-form-body-error").textContent()).toContain("Enter your comment");
    await expectAccessible(page);
  });

  it("shows the error summary, linked to the field, for a report without a reason", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, baseUrl, "resident@example.org", DEMO_PASSWORD);
    await openLive(page);
    // Once the page runs, a shared comment's Report link acts as a button that opens the panel in place.
    const toggle = page.getByRole("button", { name: /^Report .*'s comment$/ }).first();
    await toggle.waitFor();
    await toggle.click();
    const panel = page.locator('[id^="report-panel-"]');
    await panel.waitFor();
    const commentId = (await panel.getAttribute("id"))!.replace("report-panel-", "");
    await panel.getByRole("button", { name: "Send report" }).click();
    await expectFieldError(page, `report-${commentId}-reason`, "Say why you are reporting this comment");
    await expectAccessible(page);
  });

  it("shows a moderator the error summary, linked to the field, for removing a comment without a reason", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, baseUrl, "commissioner@example.org", DEMO_PASSWORD);
    await openLive(page);
    const toggle = page.getByRole("button", { name: /^Moderate .*'s comment$/ }).first();
    await toggle.waitFor();
    await toggle.click();
    const panel = page.locator('[id^="moderate-panel-"]');
    await panel.waitFor();
    const commentId = (await panel.getAttribute("id"))!.replace("moderate-panel-", "");
    await panel.getByRole("button", { name: "Remove" }).click();
    await expectFieldError(page, `moderate-${commentId}-reason`, "Give a reason");
    await expectAccessible(page);
  });
});

describe("a commissioner", () => {
  it("drafts a proposal with a previewed section, and the management pages are accessible", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, baseUrl, "commissioner@example.org", DEMO_PASSWORD);
    await page.getByRole("link", { name: "Manage", exact: true }).click();
    await page.waitForURL(`${baseUrl}/manage/proposals`);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Create a proposal" }).click();
    await page.waitForURL(`${baseUrl}/manage/proposals/new`);
    await page.getByLabel("Title").fill("Peer support in every neighbourhood");
    await page.getByLabel("Short summary").fill("Funding peer supporters in each of the city's neighbourhoods.");
    await page.getByLabel("Anyone").check();
    await page.locator("#opensDate").fill("2027-01-04");
    await page.locator("#number").fill("1");
    await page.locator("#heading").fill("Why peer support");
    await page.locator("#body").fill("People trust those who have **been there**.\n\n- listening\n- signposting");
    // Closing before it opens, on the same day: the closing time is wrong, not the date beside it.
    // Each time field's name says which moment it is, for a screen reader arriving from the summary.
    await page.locator("#closesDate").fill("2027-01-04");
    await page.getByLabel("The discussion opens at (HH:MM)", { exact: true }).fill("09:00");
    await page.getByLabel("The discussion closes at (HH:MM)", { exact: true }).fill("08:30");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expectFieldError(page, "closesTime", "The discussion must close after it opens");
    expect(await page.locator("#closesDate").getAttribute("aria-invalid"), "#closesDate is not marked wrong").toBeNull();
    expect(await page.locator("#closesDate-error").count()).toBe(0);
    await page.getByLabel("The discussion closes at (HH:MM)", { exact: true }).fill("");
    await page.getByRole("button", { name: "Save draft" }).click();
    await expectFieldError(page, "closesTime", "Enter the time the discussion closes (HH:MM)");
    await expectAccessible(page);
    await page.locator("#closesDate").fill("2027-02-01");
    await page.getByLabel("The discussion closes at (HH:MM)", { exact: true }).fill("17:00");
    await page.getByRole("button", { name: "Preview" }).click();
    await expect.poll(() => page.getByRole("region", { name: "Preview of section 1" }).innerHTML()).toContain("<strong>been there</strong>");
    await expectAccessible(page);
    await page.getByRole("button", { name: "Save draft" }).click();
    await page.waitForURL(/\/manage\/proposals\/peer-support-in-every-neighbourhood/);
    await expect.poll(() => page.getByRole("status").textContent()).toContain("Draft created");
    await expectAccessible(page);

    await page.goto(`${baseUrl}/manage/moderation`);
    await expect.poll(() => page.getByRole("heading", { name: /Safeguarding alerts/ }).isVisible()).toBe(true);
    await expectAccessible(page);
  });
});

describe("every consultation page", () => {
  it("is accessible: the list, a thread, notifications, the account page and an invitation", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, baseUrl, "member@example.org", DEMO_PASSWORD);
    await page.getByRole("link", { name: "Proposals", exact: true }).click();
    await page.waitForURL(`${baseUrl}/proposals`);
    await expectAccessible(page);

    await page.goto(`${proposalUrl}/timeline`);
    await expect.poll(() => page.getByRole("heading", { name: /Primary Care Trust Board decision/ }).isVisible()).toBe(true);
    await expectAccessible(page);

    await page.goto(proposalUrl);
    const firstComment = await page.locator(".app-comment").first().getAttribute("id");
    await page.goto(`${proposalUrl}/comments/${firstComment!.replace("comment-", "")}`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Comment and replies");
    await expectAccessible(page);

    // Jo was answered in the live test above, so there is a notification to read.
    await page.getByRole("link", { name: /Notifications/ }).click();
    await page.waitForURL(`${baseUrl}/notifications`);
    await expect
      .poll(() =>
        page
          .getByText(/replied to your comment/)
          .first()
          .isVisible(),
      )
      .toBe(true);
    await expectAccessible(page);
    await page.getByRole("button", { name: /Mark all/ }).click();
    await expect.poll(() => page.getByRole("link", { name: "Notifications", exact: true }).count()).toBe(1);

    await page.goto(`${baseUrl}/account`);
    await expectAccessible(page);

    const commissioner = await (await browser.newContext()).newPage();
    await signIn(commissioner, baseUrl, "commissioner@example.org", DEMO_PASSWORD);
    await commissioner.goto(`${baseUrl}/manage/proposals/mental-health-commissioning-arrangements`);
    await commissioner.getByLabel("Invite people by email").fill("new.voice@example.test");
    await commissioner.getByRole("button", { name: "Send invitations" }).click();
    await expect.poll(() => commissioner.getByRole("status").textContent()).toContain("Invited 1 person");

    const invitee = await (await browser.newContext()).newPage();
    await invitee.goto(`${baseUrl}/outbox?to=new.voice@example.test`);
    await invitee.getByRole("link", { name: /You are invited to comment/ }).click();
    await invitee.getByRole("link", { name: /\/invitations\// }).click();
    await invitee.waitForURL(/\/invitations\//);
    await expectAccessible(invitee);
    await invitee.getByLabel("Display name").fill("New Voice");
    await invitee.getByLabel("Password").fill("harbour-meadow-kite");
    await invitee.getByLabel("Service user").check();
    await invitee.getByRole("button", { name: "Create account and accept" }).click();
    await invitee.waitForURL(proposalUrl);
    await expect.poll(() => invitee.locator(".nhsuk-header__account-link").first().textContent()).toBe("New Voice");
  });
});

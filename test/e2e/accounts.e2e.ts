import crypto from "node:crypto";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, expectFieldError, launchBrowser, signIn, watchForHydrationErrors } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext()).newPage();
});
afterAll(() => browser?.close());

describe("a newcomer", () => {
  it("finds Touchstone in the NHS.UK look, with a skip link, and footer pages that exist", async () => {
    await page.goto(baseUrl);
    await expect.poll(() => page.title()).toContain("Touchstone");
    await expect.poll(() => page.locator(".nhsuk-header__service-name").textContent()).toBe("Touchstone");
    await expect.poll(() => page.getByRole("heading", { name: "Open for comment" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByRole("heading", { name: "Mental health commissioning arrangements" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Hemsley House").first().isVisible()).toBe(true);
    await expectAccessible(page);

    // The skip link is the first thing the keyboard reaches.
    await page.keyboard.press("Tab");
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe("Skip to main content");

    await page.getByRole("link", { name: "Accessibility statement" }).click();
    await page.waitForURL(`${baseUrl}/accessibility`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Accessibility statement for Touchstone");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Privacy notice" }).click();
    await page.waitForURL(`${baseUrl}/privacy`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Privacy notice");
    await expectAccessible(page);
  });

  it("gets a 404 page in the same look for an address that does not exist", async () => {
    const response = await page.goto(`${baseUrl}/no-such-page`);
    expect(response?.status()).toBe(404);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    expect(await page.title()).toBe("Page not found - Touchstone");
    await expect.poll(() => page.locator(".nhsuk-header").isVisible()).toBe(true);
    await expectAccessible(page);
  });

  it("gets a page titled with what happened when they may not see a page", async () => {
    const resident = await (await browser.newContext()).newPage();
    await signIn(resident, baseUrl, "resident@example.org", DEMO_PASSWORD);
    const response = await resident.goto(`${baseUrl}/admin/users`);
    expect(response?.status()).toBe(403);
    await expect.poll(() => resident.getByRole("heading", { level: 1 }).textContent()).toBe("You do not have permission to see this page");
    expect(await resident.title()).toBe("You do not have permission to see this page - Touchstone");
    await expectAccessible(resident);
    await resident.context().close();
  });

  it("a form sent without JavaScript, or before the page's scripts arrived, comes back titled Error: once", async () => {
    const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await plain.goto(`${baseUrl}/auth/sign-up`);
    await plain.getByRole("button", { name: "Create account" }).click();
    await plain.waitForURL(`${baseUrl}/auth/sign-up`);
    await expectFieldError(plain, "email", "Enter your email address", { javaScript: false });
    expect(await plain.title()).toBe("Error: Create an account - Touchstone");
    await plain.context().close();

    // On a slow connection the form is sent as a plain post before the scripts load; the page
    // that answers it then runs them: it must start from the server's title without a React
    // hydration error, and keep the one prefix.
    const early = await (await browser.newContext()).newPage();
    const hydrationErrors = watchForHydrationErrors(early);
    await early.route(/\/build\//, (route) => route.abort());
    await early.goto(`${baseUrl}/auth/sign-up`);
    await early.unroute(/\/build\//);
    await early.getByRole("button", { name: "Create account" }).click();
    await early.waitForURL(`${baseUrl}/auth/sign-up`);
    // The summary takes the focus once the page has hydrated.
    await expect.poll(() => early.evaluate(() => document.activeElement?.classList.contains("nhsuk-error-summary"))).toBe(true);
    expect(await early.title()).toBe("Error: Create an account - Touchstone");
    expect(hydrationErrors).toEqual([]);
    await early.context().close();
  });

  it("signs up, confirms the email from the outbox, signs in, sees their name, and signs out", async () => {
    const email = `e2e-${crypto.randomUUID().slice(0, 8)}@example.test`;
    await page.goto(baseUrl);
    await page.getByRole("link", { name: "Create an account" }).first().click();
    await page.waitForURL(`${baseUrl}/auth/sign-up`);
    await expectAccessible(page);

    // Sending the form empty shows the error summary, focused, with links to each field.
    await page.getByRole("button", { name: "Create account" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    expect(await page.evaluate(() => document.activeElement?.classList.contains("nhsuk-error-summary"))).toBe(true);
    expect(await summary.getByRole("link", { name: "Enter your email address" }).isVisible()).toBe(true);
    await expectFieldError(page, "email", "Enter your email address");
    expect(await page.title()).toBe("Error: Create an account - Touchstone");
    await expectAccessible(page);

    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password", { exact: true }).fill("password123");
    await page.getByLabel("Confirm password").fill("password123");
    await page.getByLabel("Display name").fill("Willow");
    await page.getByLabel("Carer").check();
    await page.getByRole("button", { name: "Create account" }).click();
    await expect.poll(() => page.locator("#password-error").textContent()).toContain("This password is too common");
    // Still one prefix after a second failed post.
    expect(await page.title()).toBe("Error: Create an account - Touchstone");

    await page.getByLabel("Password", { exact: true }).fill("willow-meadow-lantern");
    await page.getByLabel("Confirm password").fill("willow-meadow-lantern");
    await page.getByRole("button", { name: "Create account" }).click();
    await page.waitForURL(/\/auth\/check-email/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Check your email");
    // The next page's own title, not left with the error prefix.
    expect(await page.title()).toBe("Check your email - Touchstone");
    await expectAccessible(page);

    // Signed in before confirming, they can read but not take part: the page says why and
    // sends the link again.
    const early = await (await browser.newContext()).newPage();
    await signIn(early, baseUrl, email, "willow-meadow-lantern");
    await early.goto(`${baseUrl}/meetings/open-meeting-commissioning-arrangements`);
    await expect.poll(() => early.getByTestId("confirm-email-notice").textContent()).toContain("Before you can register for this meeting");
    expect(await early.getByRole("button", { name: "Register" }).count()).toBe(0);
    await expectAccessible(early);
    // The sign-up email went a moment ago, so a new one is not sent yet; the page says so.
    await early.getByRole("button", { name: "Send the link again" }).click();
    await expect.poll(() => early.getByTestId("confirm-email-notice").getByRole("status").textContent()).toContain("We sent you a link less than a minute ago");
    await expectAccessible(early);
    await early.context().close();

    await page.goto(`${baseUrl}/outbox?to=${encodeURIComponent(email)}`);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Confirm your email address for Touchstone" }).click();
    await page.waitForURL(/\/outbox\/.+/);
    await expectAccessible(page);
    await page.getByRole("link", { name: /verify-email/ }).click();
    await page.waitForURL(/\/auth\/verify-email/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Email address confirmed");
    await expectAccessible(page);

    await page.getByRole("link", { name: "Sign in" }).last().click();
    await page.waitForURL(`${baseUrl}/auth/sign-in`);
    await expectAccessible(page);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill("willow-meadow-lantern");
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(`${baseUrl}/account`);
    await expect.poll(() => page.locator(".nhsuk-header__account-link").first().textContent()).toBe("Willow");
    await expect.poll(() => page.getByText("(confirmed)").isVisible()).toBe(true);
    await expectAccessible(page);

    await page.getByRole("button", { name: "Sign out" }).click();
    await page.waitForURL(`${baseUrl}/`);
    await expect.poll(() => page.getByRole("link", { name: "Sign in" }).isVisible()).toBe(true);
    await expect.poll(() => page.getByText("Willow").count()).toBe(0);
  });
});

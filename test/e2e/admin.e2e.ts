import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn, gotoLive } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("an administrator", () => {
  it("grants a role, and the person sees it on their open account page without reloading", async () => {
    const resident = await (await browser.newContext()).newPage();
    await signIn(resident, baseUrl, "resident@example.org", DEMO_PASSWORD);
    // Wait until the page's live connection has joined the person's room before the change happens.
    await gotoLive(resident, `${baseUrl}/account`, "user");
    const roles = resident.getByTestId("account-roles");
    // Other tests may have given Chris other roles; this one is about Commissioner.
    expect(await roles.textContent()).not.toContain("Commissioner");

    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, baseUrl, "admin@example.org", DEMO_PASSWORD);
    await admin.getByRole("link", { name: "Admin", exact: true }).click();
    await admin.waitForURL(`${baseUrl}/admin/users`);
    await expectAccessible(admin);
    await admin.getByLabel("Find by name or email").fill("resident@example.org");
    await admin.getByRole("button", { name: "Search" }).click();
    await admin.waitForURL(/q=resident/);
    await admin.getByRole("button", { name: /^Make commissioner\s*: Chris$/ }).click();
    await expect.poll(() => admin.getByRole("status").textContent()).toContain("Granted Commissioner");
    await expectAccessible(admin);

    await expect.poll(() => roles.textContent(), { timeout: 10_000 }).toContain("Commissioner");
  });

  it("is the only one who can open the admin page", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, baseUrl, "member@example.org", DEMO_PASSWORD);
    await expect.poll(() => page.getByRole("link", { name: "Admin", exact: true }).count()).toBe(0);
    const response = await page.goto(`${baseUrl}/admin/users`);
    expect(response?.status()).toBe(403);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("You do not have permission to see this page");
    await expectAccessible(page);
  });
});

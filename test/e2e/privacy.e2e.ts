import crypto from "node:crypto";
import { buffer } from "node:stream/consumers";
import { strFromU8, unzipSync } from "fflate";
import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { hashPassword } from "#app/utils/password.server";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
let page: Page;
const email = `privacy-${crypto.randomUUID().slice(0, 8)}@example.test`;
const password = "quiet-harbour-lantern-42";

beforeAll(async () => {
  browser = await launchBrowser();
  page = await (await browser.newContext({ acceptDownloads: true })).newPage();
  // A Forum member of their own, so that deleting them leaves the demo people alone.
  const client = new pg.Client({ connectionString: inject("databaseUrl") });
  await client.connect();
  const id = crypto.randomUUID();
  await client.query(
    `INSERT INTO "User" (id, email, "passwordHash", "displayName", "stakeholderType", "emailVerifiedAt") VALUES ($1, $2, $3, 'Rowan Privacy', 'SERVICE_USER', now())`,
    [id, email, await hashPassword(password)],
  );
  await client.query(`INSERT INTO "UserRole" ("userId", role) VALUES ($1, 'FORUM_MEMBER')`, [id]);
  await client.query(
    `INSERT INTO "ForumMembership" (id, "userId", category, postcode, status, "residentVerified") VALUES ($1, $2, 'SERVICE_USER', 'M5 4WT', 'VERIFIED', true)`,
    [crypto.randomUUID(), id],
  );
  await client.end();
});
afterAll(() => browser?.close());

describe("a Forum member's data rights", () => {
  it("downloads their data, then deletes their account and can no longer sign in", async () => {
    await signIn(page, baseUrl, email, password);
    await page.goto(`${baseUrl}/account`);
    await page.getByRole("link", { name: "Download your data" }).click();
    await page.waitForURL(`${baseUrl}/account/data`);
    await expectAccessible(page);
    await page.getByRole("button", { name: "Ask for a copy of your data" }).click();
    // The page follows the copy as it is prepared, without a reload.
    await expect.poll(() => page.getByTestId("exports").textContent(), { timeout: 20_000 }).toContain("ready. We have emailed you a link");
    await expectAccessible(page);

    // The link arrives by email (the development outbox here).
    await page.goto(`${baseUrl}/outbox?to=${encodeURIComponent(email)}`);
    await page.getByRole("link", { name: "Your copy of your Touchstone data is ready" }).click();
    await page.waitForURL(/\/outbox\/.+/);
    await page.getByRole("link", { name: /\/account\/data\/download/ }).click();
    await page.waitForURL(/\/account\/data\/download\?token=/);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Your data is ready");
    await expectAccessible(page);
    const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("link", { name: /Download your data \(zip/ }).click()]);
    expect(download.suggestedFilename()).toMatch(/^touchstone-data-\d{4}-\d{2}-\d{2}\.zip$/);
    // The browser runs in another process (test/e2e/global-setup.ts): the file comes as a stream.
    const files = unzipSync(new Uint8Array(await buffer(await download.createReadStream())));
    const data = JSON.parse(strFromU8(files["touchstone-data.json"]));
    expect(data.account).toMatchObject({ email, displayName: "Rowan Privacy" });
    expect(data.forumMembership).toMatchObject({ category: "SERVICE_USER", status: "VERIFIED" });
    expect(strFromU8(files["touchstone-data.html"])).toContain("<h1>Your Touchstone data</h1>");

    await page.goto(`${baseUrl}/account`);
    await page.getByRole("link", { name: "Delete your account" }).click();
    await page.waitForURL(`${baseUrl}/account/delete`);
    await expectAccessible(page);
    // Sending it without a choice or password shows what is missing, and deletes nothing.
    await page.getByRole("button", { name: "Delete my account" }).click();
    const summary = page.locator(".nhsuk-error-summary");
    await summary.waitFor();
    expect(await summary.getByRole("link", { name: "Choose what happens to your comments and messages" }).isVisible()).toBe(true);
    expect(await summary.getByRole("link", { name: "Enter your password" }).isVisible()).toBe(true);
    await expectAccessible(page);

    await page.getByLabel("Remove what I wrote").check();
    await page.getByLabel("Your password").fill(password);
    await page.getByRole("button", { name: "Delete my account" }).click();
    await page.waitForURL(`${baseUrl}/account/deleted`);
    await expect.poll(() => page.getByRole("heading", { level: 1 }).textContent()).toBe("Your account has been deleted");
    await expect.poll(() => page.getByRole("link", { name: "Sign in" }).first().isVisible()).toBe(true);
    await expectAccessible(page);

    await page.goto(`${baseUrl}/auth/sign-in`);
    await page.getByLabel("Email address").fill(email);
    await page.getByLabel("Password").fill(password);
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect.poll(() => page.locator(".nhsuk-error-summary").textContent()).toContain("Email address or password is incorrect");
    expect(new URL(page.url()).pathname).toBe("/auth/sign-in");
  });

  it("lets an administrator find a person's data rights page and the retention periods, all accessible", async () => {
    const admin = await (await browser.newContext()).newPage();
    await signIn(admin, baseUrl, "admin@example.org", DEMO_PASSWORD);
    await admin.goto(`${baseUrl}/admin/users?q=carer%40example.org`);
    await admin.getByRole("link", { name: "Data rights of Marcus (carer)" }).click();
    await admin.waitForURL(/\/admin\/users\/.+/);
    await expect.poll(() => admin.getByRole("heading", { level: 1 }).textContent()).toBe("Marcus (carer): data rights");
    // Asking without a reference shows the error beside the field.
    await admin.getByRole("button", { name: "Produce a copy of their data" }).click();
    await expect.poll(() => admin.locator("#reference-error").textContent()).toContain("Enter the reference of the request");
    await expectAccessible(admin);
    await admin.goto(`${baseUrl}/admin/retention`);
    await expect.poll(() => admin.getByRole("heading", { level: 1 }).textContent()).toBe("How long data is kept");
    await expectAccessible(admin);
    await admin.goto(`${baseUrl}/privacy`);
    await expect.poll(() => admin.getByTestId("retention-schedule").textContent()).toContain("Access needs you give when you register for a meeting");
    await expectAccessible(admin);
  });
});

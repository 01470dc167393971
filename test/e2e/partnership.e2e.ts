import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

describe("the partnership and the Forum", () => {
  it("shows the Board's seats with holders and vacancies; a secretary fills a place", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/bodies`);
    await expectAccessible(page);
    await page.getByRole("link", { name: "Partnership Board for Mental Health" }).click();
    await page.waitForURL(`${baseUrl}/bodies/partnership-board`);
    await expect.poll(() => page.getByRole("table").getByText("Councillor Rose Whitfield").isVisible()).toBe(true);
    await expectAccessible(page);

    const secretary = await (await browser.newContext()).newPage();
    await signIn(secretary, baseUrl, "secretary@example.org", DEMO_PASSWORD);
    await secretary.goto(`${baseUrl}/bodies/partnership-board`);
    await expectAccessible(secretary);
    const row = secretary.getByRole("row", { name: /Non-executive director/ });
    await row.getByText("Fill a place").click();
    await row.getByLabel("Who holds it").fill("Joan Fairclough");
    await row.getByLabel("From (YYYY-MM-DD)").fill("2026-11-01");
    await row.getByRole("button", { name: "Record appointment" }).click();
    await expect.poll(() => secretary.getByRole("status").textContent()).toContain("Appointment recorded");
    await expect.poll(() => secretary.getByRole("row", { name: /Non-executive director/ }).textContent()).toContain("Joan Fairclough");
  });

  it("lets a resident apply to the Forum and an officer verify them", async () => {
    const resident = await (await browser.newContext()).newPage();
    await signIn(resident, baseUrl, "resident@example.org", DEMO_PASSWORD);
    await resident.getByRole("link", { name: "Forum", exact: true }).click();
    await resident.waitForURL(`${baseUrl}/forum/rooms`);
    await resident.getByRole("link", { name: "Apply to join the Forum" }).click();
    await resident.waitForURL(`${baseUrl}/forum/membership`);
    await expectAccessible(resident);
    await resident.getByLabel("Service user").check();
    await resident.getByLabel("Your postcode").fill("m6 5ja");
    await resident.getByRole("button", { name: "Apply" }).click();
    await expect.poll(() => resident.getByRole("status").textContent()).toContain("waiting for a Forum officer");

    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, baseUrl, "officer@example.org", DEMO_PASSWORD);
    await officer.goto(`${baseUrl}/forum/members`);
    await expectAccessible(officer);
    await officer.getByLabel("I have checked that Chris lives in the city").check();
    await officer.getByRole("button", { name: "Verify membership of Chris" }).click();
    await expect
      .poll(() =>
        officer
          .getByRole("table")
          .getByRole("row", { name: /^Chris/ })
          .count(),
      )
      .toBe(1);

    await resident.reload();
    await expect.poll(() => resident.getByRole("status").textContent()).toContain("You are a member of the Mental Health Forum");
  });
});

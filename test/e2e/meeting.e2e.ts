import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { addDays, londonToday } from "#app/utils/dates";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn, watchForHydrationErrors, gotoLive } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function registerAsGuest(page: Page, url: string, name: string, email: string) {
  await page.goto(url);
  await page.getByLabel("Your name").fill(name);
  await page.getByLabel("Email address").fill(email);
  await page.getByRole("button", { name: "Register" }).click();
  await page.waitForURL(/\/registered/);
}

async function openLatestEmail(page: Page, to: string, subject: RegExp) {
  await page.goto(`${baseUrl}/outbox?to=${encodeURIComponent(to)}`);
  await page.getByRole("link", { name: subject }).first().click();
  await page.waitForURL(/\/outbox\/.+/);
}

describe("the open meeting", () => {
  it("a guest registers, cancels by the emailed link, and the first person waiting gets the place", async () => {
    const organiser = await (await browser.newContext()).newPage();
    await signIn(organiser, baseUrl, "commissioner@example.org", DEMO_PASSWORD);
    await organiser.goto(`${baseUrl}/meetings`);
    await organiser.getByRole("link", { name: "Arrange a meeting" }).click();
    await organiser.waitForURL(`${baseUrl}/meetings/new`);
    await expectAccessible(organiser);
    const today = londonToday();
    await organiser.getByLabel("Title").fill("Small group session on crisis support");
    await organiser.getByLabel("Description").fill("A small session to talk through the crisis café.");
    await organiser.getByLabel("Date (YYYY-MM-DD)").fill(addDays(today, 10));
    await organiser.getByLabel("Venue (optional for online meetings)").fill("Hemsley House");
    await organiser.getByLabel("Places").fill("1");
    await organiser.getByLabel("Registration opens (YYYY-MM-DD)").fill(addDays(today, -1));
    await organiser.getByLabel("Registration closes (YYYY-MM-DD)").fill(addDays(today, 9));
    await organiser.getByRole("button", { name: "Create meeting" }).click();
    await organiser.waitForURL(/\/organise$/);
    const meetingUrl = organiser.url().replace(/\/organise$/, "");

    const guest = await (await browser.newContext()).newPage();
    const hydrationErrors = watchForHydrationErrors(guest);
    await guest.goto(meetingUrl);
    await expectAccessible(guest);
    await registerAsGuest(guest, meetingUrl, "Gwen Guest", "gwen.guest@example.test");
    await expect.poll(() => guest.getByRole("heading", { level: 1 }).textContent()).toBe("You have a place");
    expect(hydrationErrors).toEqual([]);
    await expectAccessible(guest);

    const waiting = await (await browser.newContext()).newPage();
    await registerAsGuest(waiting, meetingUrl, "Will Waiting", "will.waiting@example.test");
    await expect.poll(() => waiting.getByRole("heading", { level: 1 }).textContent()).toBe("You are on the waiting list");

    // The guest confirms the address from the email, or the place would be released after 48 hours.
    await openLatestEmail(guest, "gwen.guest@example.test", /Your place at/);
    await guest.getByRole("link", { name: /\/meetings\/confirm\// }).click();
    await guest.waitForURL(/\/meetings\/confirm\//);
    await expectAccessible(guest);
    await guest.getByRole("button", { name: "Confirm my place" }).click();
    await expect.poll(() => guest.getByRole("heading", { level: 1 }).textContent()).toBe("Your email address is confirmed");
    await expectAccessible(guest);

    await openLatestEmail(guest, "gwen.guest@example.test", /Your place at/);
    await expect.poll(() => guest.getByText("meeting.ics").isVisible()).toBe(true);
    await guest.getByRole("link", { name: /\/meetings\/cancel\// }).click();
    await guest.waitForURL(/\/meetings\/cancel\//);
    await expectAccessible(guest);
    await guest.getByRole("button", { name: "Cancel my registration" }).click();
    await expect.poll(() => guest.getByRole("heading", { level: 1 }).textContent()).toBe("Your registration is cancelled");

    await openLatestEmail(waiting, "will.waiting@example.test", /Your place at/);
    await expect.poll(() => waiting.getByRole("heading", { level: 1 }).textContent()).toContain("Your place at Small group session on crisis support");
    const code = /Your registration code: ([A-Z2-9]{6})/.exec((await waiting.locator(".app-email-body").textContent())!)![1];

    // At the door, on a phone.
    const phone = await (await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true })).newPage();
    await signIn(phone, baseUrl, "officer@example.org", DEMO_PASSWORD);
    await phone.goto(`${meetingUrl}/check-in`);
    await expectAccessible(phone);
    await phone.getByLabel("Registration code or name").fill(code);
    await phone.getByRole("button", { name: "Find" }).click();
    await phone.getByRole("button", { name: /Check in/ }).click();
    await expect.poll(() => phone.getByTestId("attended").textContent()).toBe("1 of 1 here");
    expect(await phone.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

    await organiser.goto(`${meetingUrl}/organise`);
    await expect.poll(() => organiser.getByText("1 registrations, 1 of 1 places").count()).toBe(1);
    await expectAccessible(organiser);
  });

  it("takes questions from the room and shows them live on the projector", async () => {
    const projector = await (await browser.newContext({ viewport: { width: 1600, height: 900 } })).newPage();
    await gotoLive(projector, `${baseUrl}/meetings/open-meeting-commissioning-arrangements/questions/projector`, "questions");
    await expectAccessible(projector);

    const attendee = await (await browser.newContext()).newPage();
    await signIn(attendee, baseUrl, "carer@example.org", DEMO_PASSWORD);
    await attendee.goto(`${baseUrl}/meetings/open-meeting-commissioning-arrangements`);
    await attendee.getByRole("button", { name: "Register" }).click();
    await attendee.waitForURL(/\/registered/);
    await attendee.goto(`${baseUrl}/meetings/open-meeting-commissioning-arrangements/questions`);
    await expectAccessible(attendee);
    await attendee.getByLabel("Your question").fill("Will carers have two seats on the Board?");
    await attendee.getByLabel(/Do not show my name/).check();
    await attendee.getByRole("button", { name: "Ask" }).click();
    await expect.poll(() => projector.getByTestId("projector-queue").textContent(), { timeout: 10_000 }).toContain("Will carers have two seats on the Board?");
    expect(await projector.getByTestId("projector-queue").textContent()).toContain("Anonymous");
  });
});

import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, expectFieldError, launchBrowser, signIn, watchForHydrationErrors } from "./browser";

const baseUrl = inject("baseUrl");
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

async function openRoom(page: Page, name: string) {
  await page.getByRole("link", { name: "Forum", exact: true }).click();
  await page.waitForURL(`${baseUrl}/forum/rooms`);
  const href = await page.getByRole("link", { name, exact: true }).getAttribute("href");
  // A fresh load, so that the test can wait for the room to be joined over the socket.
  const socket = page.waitForEvent("websocket");
  await page.goto(`${baseUrl}${href}`);
  const ws = await socket;
  await ws.waitForEvent("framesent", { predicate: (frame) => String(frame.payload).includes("forum:") });
}

describe("the Forum's rooms", () => {
  it("two members chat live: typing, a message, a reply and a reaction arrive without reloading", async () => {
    const jo = await (await browser.newContext()).newPage();
    const hydration = watchForHydrationErrors(jo);
    await signIn(jo, baseUrl, "member@example.org", DEMO_PASSWORD);
    await openRoom(jo, "General");
    await expectAccessible(jo);

    const carer = await (await browser.newContext()).newPage();
    await signIn(carer, baseUrl, "carer@example.org", DEMO_PASSWORD);
    await openRoom(carer, "General");
    await expect.poll(() => jo.getByTestId("present").textContent(), { timeout: 10_000 }).toMatch(/Here now: .*,/);

    // A third member watches the list of rooms: the unread count rises live, and they are not "here".
    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, baseUrl, "officer@example.org", DEMO_PASSWORD);
    const listening = officer.waitForEvent("websocket");
    await officer.goto(`${baseUrl}/forum/rooms`);
    await (await listening).waitForEvent("framesent", { predicate: (frame) => String(frame.payload).includes("watchOnly") });
    const unreadTag = officer.getByTestId("unread-general");
    const unreadBefore = (await unreadTag.count()) ? Number((await unreadTag.textContent())!.split(" ")[0]) : 0;

    const text = `Shall we sit together at the open meeting? ${Date.now()}`;
    await jo.getByLabel("Your message", { exact: true }).pressSequentially("Shall we");
    await expect.poll(() => carer.getByTestId("typing").textContent(), { timeout: 10_000 }).toMatch(/is typing/);
    await jo.getByLabel("Your message", { exact: true }).fill(text);
    await jo.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => carer.getByText(text).count(), { timeout: 10_000 }).toBe(1);
    expect(await jo.getByLabel("Your message", { exact: true }).inputValue()).toBe("");
    await expect.poll(() => officer.getByTestId("unread-general").textContent(), { timeout: 10_000 }).toBe(`${unreadBefore + 1} unread`);
    expect(await jo.getByTestId("present").textContent()).not.toContain("Dee Marsh");

    // The carer replies in the thread and reacts; Jo sees both live.
    const message = carer.getByTestId("forum-message").filter({ hasText: text }).first();
    await message
      .getByText(/^Reply/)
      .first()
      .click();
    await message.getByLabel(/Your reply to/).fill("Yes please, see you by the door.");
    await message.getByRole("button", { name: "Post reply" }).click();
    await expect.poll(() => jo.getByText("Yes please, see you by the door.").count(), { timeout: 10_000 }).toBe(1);
    await message
      .getByRole("button", { name: /thumbs up/ })
      .first()
      .click();
    const mine = jo.getByTestId("forum-message").filter({ hasText: text }).first();
    await expect
      .poll(
        () =>
          mine
            .getByRole("button", { name: /thumbs up/ })
            .first()
            .textContent(),
        { timeout: 10_000 },
      )
      .toMatch(/👍 1/);
    // The composer's idempotency key is renewed once a message is answered: a second message is new.
    const second = `And shall we bring the leaflets? ${Date.now()}`;
    await jo.getByLabel("Your message", { exact: true }).fill(second);
    await jo.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => carer.getByText(second).count(), { timeout: 10_000 }).toBe(1);
    expect(await carer.getByText(text).count()).toBe(1);
    await expectAccessible(carer);
    expect(hydration).toEqual([]);
  });

  it("each form in a room shows its error in the NHS.UK way, and the title says so until it is fixed", async () => {
    const jo = await (await browser.newContext()).newPage();
    await signIn(jo, baseUrl, "member@example.org", DEMO_PASSWORD);
    await openRoom(jo, "General");
    const title = "General - Forum - Touchstone";
    expect(await jo.title()).toBe(title);

    // The composer, sent empty over the live connection; then sent properly.
    await jo.getByRole("button", { name: "Send" }).click();
    await expectFieldError(jo, "body", "Write a message");
    expect(await jo.title()).toBe(`Error: ${title}`);
    await expectAccessible(jo);
    const fixed = `Sorry, this one has words. ${Date.now()}`;
    await jo.getByLabel("Your message", { exact: true }).fill(fixed);
    await jo.getByRole("button", { name: "Send" }).click();
    await expect.poll(() => jo.locator("p").filter({ hasText: fixed }).count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => jo.locator(".nhsuk-error-summary").count()).toBe(0);
    expect(await jo.title()).toBe(title);

    // Someone else's message: Jo can report it and reply to it.
    const id = await jo.evaluate(
      () =>
        [...document.querySelectorAll('[data-testid="forum-message"]')]
          .find(
            (item) =>
              [...item.querySelectorAll(":scope > .app-comment__actions > details > summary")].some((summary) => summary.textContent?.startsWith("Report")) &&
              item.querySelector(":scope > details"),
          )
          ?.id.replace("message-", "") ?? "",
    );
    expect(id).not.toBe("");
    const report = jo.locator(`[id="message-${id}"] > .app-comment__actions > details`).filter({ has: jo.locator("summary", { hasText: /^Report/ }) });
    await report.locator("summary").click();
    await report.getByRole("button", { name: "Report" }).click();
    await expectFieldError(jo, `report-${id}-reason`, "Say what is wrong");
    await expectAccessible(jo);

    const reply = jo.locator(`[id="message-${id}"] > details`);
    await reply.locator("summary").click();
    await reply.getByRole("button", { name: "Post reply" }).click();
    await expectFieldError(jo, `reply-${id}-body`, "Write a message");
    expect(await jo.title()).toBe(`Error: ${title}`);
    await expectAccessible(jo);

    // Without JavaScript a reply's error comes back in that reply's form, opened, not in the composer.
    const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    await signIn(plain, baseUrl, "member@example.org", DEMO_PASSWORD);
    await plain.goto(jo.url());
    const plainReply = plain.locator(`[id="message-${id}"] > details`);
    await plainReply.locator("summary").click();
    await plainReply.getByRole("button", { name: "Post reply" }).click();
    await plain.waitForLoadState();
    await expectFieldError(plain, `reply-${id}-body`, "Write a message", { javaScript: false });
    expect(await plain.locator("#body-error").count()).toBe(0);
    await plain.context().close();
  });

  it("an officer ending a membership without a reason is shown the error at that member's field", async () => {
    const officer = await (await browser.newContext()).newPage();
    await signIn(officer, baseUrl, "officer@example.org", DEMO_PASSWORD);
    await officer.goto(`${baseUrl}/forum/members`);
    const ends = officer.getByRole("button", { name: /^End .*membership$/ });
    const members = await ends.count();
    await ends.first().click();
    const link = officer.locator('.nhsuk-error-summary a[href^="#end-"]');
    await link.waitFor();
    const field = (await link.getAttribute("href"))!.slice(1);
    await expectFieldError(officer, field, "Give a reason; the person will see it");
    // Nothing was ended.
    expect(await ends.count()).toBe(members);
    await expectAccessible(officer);
  });

  it("a representative reports back on a Board meeting; the calendar counts joint meetings", async () => {
    const jo = await (await browser.newContext()).newPage();
    await signIn(jo, baseUrl, "member@example.org", DEMO_PASSWORD);
    await jo.goto(`${baseUrl}/forum/rooms`);
    await expectAccessible(jo);
    await jo.getByRole("link", { name: "Forum calendar" }).click();
    await jo.waitForURL(`${baseUrl}/forum/calendar`);
    await expect
      .poll(() => jo.getByTestId("joint-count").textContent())
      .toMatch(/joint Board and Forum meetings? held and \d+ scheduled, against the minimum of 3/);
    await expectAccessible(jo);

    await jo.goto(`${baseUrl}/forum/report-backs`);
    await expect.poll(() => jo.getByText("The Board agreed to hold a joint meeting with the Forum").count()).toBe(1);
    await jo.getByRole("button", { name: "Post report-back" }).click();
    await expect.poll(() => jo.locator(".nhsuk-error-summary").textContent()).toContain("Choose the meeting");
    await expectAccessible(jo);
    const meeting = jo.getByLabel("The meeting");
    const options = await meeting.locator("option").allTextContents();
    // Jo has reported on the last meeting already (demo data); this one is the joint meeting before it.
    await meeting.selectOption({ label: options.find((o) => o.includes("joint meeting"))! });
    await jo.getByLabel("What was discussed").fill("The pooled budget and the crisis café.");
    await jo.getByLabel("What was decided").fill("To publish the budget report before the next joint meeting.");
    await jo.getByRole("button", { name: "Post report-back" }).click();
    await jo.waitForURL(/\/forum\/rooms\/board-report-backs/);
    await expect.poll(() => jo.getByText(/To publish the budget report before the next joint meeting\./).count()).toBeGreaterThan(0);
    await expectAccessible(jo);
  });
});

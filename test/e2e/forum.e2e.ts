import type { Browser, Page, WebSocketRoute } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, expectFieldError, launchBrowser, signIn, watchForHydrationErrors, gotoLive } from "./browser";

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
  await gotoLive(page, `${baseUrl}${href}`, "forum");
}

/**
 * Opens a room over a live connection that the test can slow down: while it holds the news,
 * what happens elsewhere has not reached the page yet, so the page still offers buttons for
 * a message that has changed, as it does for a moment on any slow connection.
 */
async function openRoomWithSlowNews(page: Page, name: string) {
  let holding = false;
  const held: (string | Buffer)[] = [];
  let toPage: WebSocketRoute | null = null;
  await page.routeWebSocket(/\/socket\.io\//, (ws) => {
    const server = ws.connectToServer();
    toPage = ws;
    // Only the room's events wait: the connection's heartbeat and answers pass, so it stays up.
    server.onMessage((frame) => (holding && String(frame).startsWith('42["event"') ? held.push(frame) : ws.send(frame)));
  });
  await page.getByRole("link", { name: "Forum", exact: true }).click();
  await page.waitForURL(`${baseUrl}/forum/rooms`);
  const href = await page.getByRole("link", { name, exact: true }).getAttribute("href");
  await page.goto(`${baseUrl}${href}`);
  // Presence is told once the room has been joined.
  await expect.poll(() => page.getByTestId("present").textContent(), { timeout: 10_000 }).toMatch(/^Here now: /);
  return {
    hold: () => {
      holding = true;
    },
    release: () => {
      holding = false;
      for (const frame of held.splice(0)) toPage?.send(frame);
    },
  };
}

/**
 * The NHS.UK error pattern for a message's buttons (reactions, delete, pin), which have no field
 * to link to: an error summary in that message giving the reason; with JavaScript it has the
 * focus and the page title starts with "Error: ".
 */
async function expectMessageError(page: Page, messageId: string, reason: string, { javaScript = true } = {}) {
  const summary = page.locator(`[id="message-${messageId}"] .nhsuk-error-summary`);
  // allTextContents does not wait for the summary, so a missing one fails here and not at the test's timeout.
  await expect
    .poll(() => summary.locator(".nhsuk-error-summary__list").allTextContents(), { message: `the error summary in message ${messageId}` })
    .toEqual([reason]);
  expect(await summary.getByRole("alert").getByRole("heading").textContent()).toBe("There is a problem");
  await expect.poll(() => page.title()).toMatch(/^Error: (?!Error: )/);
  if (!javaScript) return;
  await expect.poll(() => summary.evaluate((element) => element === document.activeElement), { message: "the error summary has the focus" }).toBe(true);
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
    await gotoLive(officer, `${baseUrl}/forum/rooms`, "forum", { watchOnly: true });
    const unreadTag = officer.getByTestId("unread-general");
    const unreadBefore = (await unreadTag.count()) ? Number((await unreadTag.textContent())!.split(" ")[0]) : 0;

    const text = `Shall we sit together at the open meeting? ${Date.now()}`;
    await jo.getByLabel("Your message", { exact: true }).pressSequentially("Shall we");
    await expect.poll(() => carer.getByTestId("typing").textContent(), { timeout: 10_000 }).toMatch(/is typing/);
    await jo.getByLabel("Your message", { exact: true }).fill(text);
    await jo.getByRole("button", { name: "Send" }).click();
    // In the list (the log for screen readers repeats a new message's words).
    await expect.poll(() => carer.getByTestId("messages").getByText(text).count(), { timeout: 10_000 }).toBe(1);
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
    await expect.poll(() => jo.getByTestId("messages").getByText("Yes please, see you by the door.").count(), { timeout: 10_000 }).toBe(1);
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
    await expect.poll(() => carer.getByTestId("messages").getByText(second).count(), { timeout: 10_000 }).toBe(1);
    expect(await carer.getByTestId("messages").getByText(text).count()).toBe(1);
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
    await expect.poll(() => jo.getByTestId("messages").locator("p").filter({ hasText: fixed }).count(), { timeout: 10_000 }).toBe(1);
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
    // The page that comes back opens at the message, where the error is, not at the top of the room.
    expect(new URL(plain.url()).hash).toBe(`#message-${id}`);
    await plain.context().close();
  });

  it("a reaction, a delete or a pin that fails shows its reason in an error summary, with and without JavaScript", async () => {
    const title = "General - Forum - Touchstone";
    const jo = await (await browser.newContext()).newPage();
    await signIn(jo, baseUrl, "member@example.org", DEMO_PASSWORD);
    const joNews = await openRoomWithSlowNews(jo, "General");
    const text = `Sorry, wrong room: I will take this back. ${Date.now()}`;
    await jo.getByLabel("Your message", { exact: true }).fill(text);
    await jo.getByRole("button", { name: "Send" }).click();
    const joMessage = jo.getByTestId("forum-message").filter({ hasText: text });
    await expect.poll(() => joMessage.count(), { timeout: 10_000 }).toBe(1);
    const id = (await joMessage.getAttribute("id"))!.replace("message-", "");

    // Dee, an officer, has the room open too.
    const dee = await (await browser.newContext()).newPage();
    await signIn(dee, baseUrl, "officer@example.org", DEMO_PASSWORD);
    const deeNews = await openRoomWithSlowNews(dee, "General");
    const deeMessage = dee.locator(`[id="message-${id}"]`);
    await expect.poll(() => deeMessage.count(), { timeout: 10_000 }).toBe(1);

    // Jo also has the room open without JavaScript, in three windows.
    const plainContext = await browser.newContext({ javaScriptEnabled: false });
    const [deleting, reacting, deletingAgain] = [await plainContext.newPage(), await plainContext.newPage(), await plainContext.newPage()];
    await signIn(deleting, baseUrl, "member@example.org", DEMO_PASSWORD);
    for (const plain of [deleting, reacting, deletingAgain]) await plain.goto(jo.url());

    // Jo deletes the message in one window, while the news is slow to reach the others.
    joNews.hold();
    deeNews.hold();
    await deleting.locator(`[id="message-${id}"]`).getByRole("button", { name: "Delete your message" }).click();
    await deleting.waitForLoadState();
    expect(await deleting.locator(`[id="message-${id}"]`).textContent()).toContain("This message was deleted by its author.");

    // With JavaScript: deleting it again, pinning it, reacting to it.
    await joMessage.getByRole("button", { name: "Delete your message" }).click();
    await expectMessageError(jo, id, "This message has already been deleted");
    expect(await jo.title()).toBe(`Error: ${title}`);
    await expectAccessible(jo);
    await deeMessage.getByRole("button", { name: "Pin as an announcement" }).click();
    await expectMessageError(dee, id, "Only a visible message that is not pinned can be pinned");
    await deeMessage.getByRole("button", { name: /thumbs up/ }).click();
    await expectMessageError(dee, id, "This message has been removed");
    await expectAccessible(dee);
    // The news arrives: the message is shown deleted, and the reason stays until something else is done.
    deeNews.release();
    await expect.poll(() => deeMessage.textContent(), { timeout: 10_000 }).toContain("This message was deleted by its author.");
    expect(await deeMessage.locator(".nhsuk-error-summary__list").textContent()).toBe("This message has been removed");
    await expectAccessible(dee);

    // Without JavaScript: the page that comes back opens at the message, with the reason.
    await reacting
      .locator(`[id="message-${id}"]`)
      .getByRole("button", { name: /thumbs up/ })
      .click();
    await reacting.waitForLoadState();
    expect(new URL(reacting.url()).hash).toBe(`#message-${id}`);
    await expectMessageError(reacting, id, "This message has been removed", { javaScript: false });
    await deletingAgain.locator(`[id="message-${id}"]`).getByRole("button", { name: "Delete your message" }).click();
    await deletingAgain.waitForLoadState();
    expect(new URL(deletingAgain.url()).hash).toBe(`#message-${id}`);
    await expectMessageError(deletingAgain, id, "This message has already been deleted", { javaScript: false });
    // The composer is not where it is shown.
    expect(await deletingAgain.locator("#body-error").count()).toBe(0);
    await plainContext.close();
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

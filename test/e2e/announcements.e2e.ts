import pg from "pg";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn, gotoLive } from "./browser";

// What a screen reader user is told as pages change and things arrive while they read.
const baseUrl = inject("baseUrl");
const proposalUrl = `${baseUrl}/proposals/mental-health-commissioning-arrangements`;
let browser: Browser;
let db: pg.Client;
beforeAll(async () => {
  browser = await launchBrowser();
  db = new pg.Client({ connectionString: inject("databaseUrl") });
  await db.connect();
});
afterAll(async () => {
  await db?.end();
  await browser?.close();
});

const announced = (page: Page) => page.getByTestId("route-announcer").textContent();
const focused = (page: Page) =>
  page.evaluate(() => {
    const element = document.activeElement;
    return { tag: element?.tagName.toLowerCase(), id: element?.id, text: element?.textContent?.trim() };
  });

describe("moving between pages", () => {
  it("takes focus to the new page's heading and reads its title after a link, but not on the first load", async () => {
    const page = await (await browser.newContext()).newPage();
    await page.goto(`${baseUrl}/`);
    const homeTitle = await page.title();
    await page.waitForFunction(() => document.querySelector("[data-testid='route-announcer']") !== null);
    expect(await announced(page)).toBe("");
    expect((await focused(page)).tag).toBe("body");

    await page.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Proposals", exact: true }).click();
    await page.waitForURL(`${baseUrl}/proposals`);
    await expect.poll(() => page.title()).not.toBe(homeTitle);
    const title = await page.title();
    await expect.poll(() => announced(page)).toBe(title);
    const heading = await page.locator("#maincontent h1").textContent();
    expect(await focused(page)).toMatchObject({ tag: "h1", text: heading });
    // The heading is not made a stop for the Tab key.
    await page.keyboard.press("Tab");
    expect(await page.locator("#maincontent h1").getAttribute("tabindex")).toBeNull();

    // A link that only adds a query to the same page (the proposal's version list, its filters)
    // leaves the reader where they were.
    await page.locator("#maincontent a[href$='/proposals/mental-health-commissioning-arrangements']").first().click();
    await page.waitForURL(proposalUrl);
    // The address changes before the new page's title is written.
    await expect.poll(() => page.title()).not.toBe(title);
    await expect.poll(() => announced(page)).toBe(await page.title());
    await page.getByLabel("Sort by").selectOption("oldest");
    await page.getByRole("button", { name: "Apply" }).click();
    await page.waitForURL(/sort=oldest/);
    await page.waitForTimeout(300);
    expect((await focused(page)).text).toBe("Apply");
    await expectAccessible(page);
  });

  it("gives each step of voting its own title, read out as the step changes", async () => {
    const page = await (await browser.newContext()).newPage();
    // Leigh, a candidate who may vote: Jo votes in election.e2e.ts, which may run first.
    await signIn(page, baseUrl, "leigh@example.org", DEMO_PASSWORD);
    await page.goto(`${baseUrl}/elections/service-user-by-election`);
    await page.getByRole("link", { name: "Vote", exact: true }).click();
    await page.waitForURL(`${baseUrl}/elections/service-user-by-election/vote`);
    await expect.poll(() => page.title()).toMatch(/^Vote: /);
    const marking = await page.title();
    await expect.poll(() => announced(page)).toBe(marking);

    await page.getByLabel("Sam Rivers").selectOption("1");
    await page.getByRole("button", { name: "Continue" }).click();
    await expect.poll(() => page.title()).toMatch(/^Check your vote: /);
    await expect.poll(() => announced(page)).toBe(await page.title());
    expect(await focused(page)).toMatchObject({ tag: "h1", text: "Check your vote" });

    // Back to marking the ballot, at the same address: the title is the first step's again.
    await page.getByRole("link", { name: "Change my preferences" }).click();
    await expect.poll(() => page.title()).toBe(marking);
    await expect.poll(() => announced(page)).toBe(marking);
  });
});

describe("posting a comment", () => {
  it("empties the box, says it was posted, and a second press with the box empty posts nothing", async () => {
    const page = await (await browser.newContext()).newPage();
    await signIn(page, baseUrl, "member@example.org", DEMO_PASSWORD);
    await page.goto(proposalUrl);
    const text = `Please keep the evening drop-in sessions. ${Date.now()}`;
    const count = async () => Number((await db.query(`SELECT count(*) FROM "Comment" WHERE body = $1`, [text])).rows[0].count);
    const status = page.getByTestId("have-your-say-form-status");
    expect(await status.textContent()).toBe("");

    const box = page.getByLabel("Your comment");
    await box.fill(text);
    const post = page.getByRole("button", { name: "Post comment" });
    await post.click();
    await page.waitForURL(/posted=/);
    await expect.poll(() => status.textContent()).toBe("Your comment has been posted.");
    expect(await box.inputValue()).toBe("");
    expect(await count()).toBe(1);
    await expectAccessible(page);

    // Pressed again: the empty box is refused, and the comment is not posted a second time.
    await post.click();
    await expect.poll(() => page.locator(".nhsuk-error-summary").count()).toBe(1);
    expect(await count()).toBe(1);

    // A post that fails keeps what was typed.
    await box.fill("x".repeat(5001));
    await post.click();
    await expect.poll(() => page.locator(".nhsuk-error-summary").textContent()).toMatch(/./);
    await page.waitForLoadState("networkidle");
    expect((await box.inputValue()).length).toBe(5001);
  });

  it("tells a reader of comments that arrive, through a live region that was there before", async () => {
    const reader = await (await browser.newContext()).newPage();
    await signIn(reader, baseUrl, "carer@example.org", DEMO_PASSWORD);
    await gotoLive(reader, proposalUrl, "proposal");
    const region = reader.getByTestId("new-comments-status");
    expect(await region.getAttribute("role")).toBe("status");
    expect(await region.textContent()).toBe("");
    // The same element must receive the text: mark it, and find the mark again afterwards.
    await region.evaluate((element) => element.setAttribute("data-was-here", "yes"));

    const writer = await (await browser.newContext()).newPage();
    await signIn(writer, baseUrl, "member@example.org", DEMO_PASSWORD);
    await writer.goto(proposalUrl);
    await writer.getByLabel("Your comment").fill(`The transport to meetings matters too. ${Date.now()}`);
    await writer.getByRole("button", { name: "Post comment" }).click();
    await writer.waitForURL(/posted=/);

    await expect.poll(() => region.textContent(), { timeout: 10_000 }).toMatch(/^1 new comment\./);
    expect(await region.getAttribute("data-was-here")).toBe("yes");
    const button = reader.getByRole("button", { name: /1 new comment - show/ });
    expect(await button.getAttribute("aria-live")).toBeNull();
  });
});

describe("a comment's own page", () => {
  it("has no heading level skipped between the page's heading and the comment's", async () => {
    const page = await (await browser.newContext()).newPage();
    const { rows } = await db.query(
      `SELECT c.id FROM "Comment" c JOIN "Proposal" p ON p.id = c."proposalId"
       WHERE p.slug = 'mental-health-commissioning-arrangements' AND c."parentId" IS NULL AND c.moderation = 'VISIBLE' AND c."deletedAt" IS NULL LIMIT 1`,
    );
    await page.goto(`${proposalUrl}/comments/${rows[0].id}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Comment and replies");
    const levels = await page.locator("#maincontent").evaluate((main) => [...main.querySelectorAll("h1, h2, h3, h4, h5, h6")].map((h) => Number(h.tagName[1])));
    expect(levels[0]).toBe(1);
    for (let i = 1; i < levels.length; i++) expect(levels[i] - levels[i - 1], `headings ${levels.join(", ")}`).toBeLessThanOrEqual(1);
  });
});

describe("the analysis filters", () => {
  it("have a Clear link big enough to hit on a phone", async () => {
    const page = await (await browser.newContext({ viewport: { width: 320, height: 640 } })).newPage();
    await signIn(page, baseUrl, "commissioner@example.org", DEMO_PASSWORD);
    await page.goto(`${baseUrl}/manage/proposals/out-of-hours-crisis-support/analysis`);
    await page.locator("details", { hasText: "Clear filters" }).locator("summary").first().click();
    const box = await page.getByRole("link", { name: "Clear filters" }).boundingBox();
    expect(box!.width).toBeGreaterThanOrEqual(44);
    expect(box!.height).toBeGreaterThanOrEqual(44);
  });
});

describe("a Forum room", () => {
  it("reads out a new message as its author and words, without the buttons that come with it", async () => {
    const jo = await (await browser.newContext()).newPage();
    await signIn(jo, baseUrl, "member@example.org", DEMO_PASSWORD);
    await jo.goto(`${baseUrl}/forum/rooms`);
    const href = await jo.getByRole("link", { name: "General", exact: true }).getAttribute("href");
    await gotoLive(jo, `${baseUrl}${href}`, "forum");
    // The list is not itself live: a message added to it would be read out with all its buttons.
    const list = jo.getByTestId("messages");
    const liveAncestor = await list.evaluate((element) => {
      const live = element.closest("[aria-live], [role=log], [role=status], [role=alert], [role=marquee], [role=timer]");
      return live ? `${live.tagName.toLowerCase()} role=${live.getAttribute("role")} aria-live=${live.getAttribute("aria-live")}` : null;
    });
    expect(liveAncestor, "a live region around the list").toBeNull();
    // A log of its own says what arrives: on the page from the start, and the same element throughout.
    const region = jo.getByRole("log", { name: "New messages" });
    expect(await region.getAttribute("aria-relevant")).toBe("additions");
    expect(await region.textContent()).toBe("");
    // What it adds is what is read out (it empties itself later, which is not).
    await region.evaluate((element) => {
      const added: string[] = [];
      Object.assign(window, { announced: added });
      new MutationObserver((records) => {
        for (const record of records) for (const node of record.addedNodes) added.push(node.textContent ?? "");
      }).observe(element, { childList: true, subtree: true });
    });
    const announced = () => jo.evaluate(() => (window as unknown as { announced: string[] }).announced);

    const carer = await (await browser.newContext()).newPage();
    await signIn(carer, baseUrl, "carer@example.org", DEMO_PASSWORD);
    await carer.goto(`${baseUrl}${href}`);
    const text = `Is anyone going to the walk on Saturday? ${Date.now()}`;
    await carer.getByLabel("Your message", { exact: true }).fill(text);
    await carer.getByRole("button", { name: "Send" }).click();

    await expect.poll(announced, { timeout: 10_000 }).toEqual([`Marcus (carer): ${text}`]);
    expect(await region.locator("button, a, input, select, textarea, summary, [tabindex]").count()).toBe(0);
    const message = list.getByTestId("forum-message").filter({ hasText: text });
    expect(await message.count()).toBe(1);
    expect(await message.getByRole("button", { name: /thumbs up/ }).count()).toBe(1);

    // A reaction changes a message; it is not a new one, so nothing more is read out.
    await carer
      .getByTestId("forum-message")
      .filter({ hasText: text })
      .getByRole("button", { name: /thumbs up/ })
      .click();
    await expect.poll(() => message.getByRole("button", { name: /thumbs up/ }).textContent(), { timeout: 10_000 }).toMatch(/👍 1/);
    expect(await announced()).toEqual([`Marcus (carer): ${text}`]);

    // A reply says whom it answers.
    const replyText = `Yes, by the station at ten. ${Date.now()}`;
    const carersMessage = carer.getByTestId("forum-message").filter({ hasText: text }).first();
    await carersMessage
      .getByText(/^Reply/)
      .first()
      .click();
    await carersMessage.getByLabel(/Your reply to/).fill(replyText);
    await carersMessage.getByRole("button", { name: "Post reply" }).click();
    await expect.poll(announced, { timeout: 10_000 }).toEqual([`Marcus (carer): ${text}`, `Marcus (carer), replying to Marcus (carer): ${replyText}`]);
    await expectAccessible(jo);
  });
});

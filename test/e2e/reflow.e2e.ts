import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";
import { expectAccessible, launchBrowser, signIn } from "./browser";

// WCAG 2.2 SC 1.4.10 (Reflow): at 320 CSS pixels wide (a 1280 px screen zoomed to 400%, or
// an old phone) nothing may need scrolling sideways. Each role's pages are found by following
// the app's own links, one page of each shape (so /proposals/a and /proposals/b count once).

const baseUrl = inject("baseUrl");
const WIDTH = 320;
const PAGES_PER_ROLE = 24;
// axe-core is the slow part: each page shape is checked once at this width, by whichever
// role reaches it first (the other e2e files check pages at desktop width as each role).
const axeChecked = new Set<string>();

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(() => browser?.close());

const START = ["/", "/proposals", "/proposals/mental-health-commissioning-arrangements", "/meetings", "/bodies", "/bodies/partnership-board", "/elections"];
const SIGNED_IN_START = ["/account", "/notifications", "/forum/rooms", "/account/registrations"];
const ROLE_START: Record<string, string[]> = {
  "commissioner@example.org": [
    "/manage/proposals",
    "/manage/proposals/out-of-hours-crisis-support/analysis",
    "/manage/proposals/out-of-hours-crisis-support/analysis/themes",
    "/manage/moderation",
  ],
  "secretary@example.org": ["/actions"],
  "officer@example.org": ["/forum/members", "/elections/new"],
  "admin@example.org": ["/admin/users", "/outbox"],
};

/** A page's shape: ids and slugs in the path count as one page, the query is dropped. */
function shapeOf(url: URL): string {
  const parts = url.pathname.split("/").map((part, i, all) => {
    if (i === 0 || part === "") return part;
    const parent = all[i - 1];
    // A segment after a collection name is an identifier (slug, uuid, number).
    const collections = ["proposals", "meetings", "bodies", "elections", "rooms", "comments", "reports", "papers", "outbox", "analysis"];
    return collections.includes(parent) && !["new", "themes", "summary", "response"].includes(part) ? ":id" : part;
  });
  return parts.join("/");
}

function skip(url: URL): boolean {
  return (
    url.origin !== new URL(baseUrl).origin ||
    /\.(pdf|csv|ics|blt|zip)$/.test(url.pathname) ||
    url.pathname.startsWith("/auth/sign-out") ||
    /\/(papers)\//.test(url.pathname) ||
    url.pathname.startsWith("/unsubscribe") ||
    url.pathname.startsWith("/invitations") ||
    url.pathname.endsWith("/projector") ||
    url.pathname.includes("/cancel/")
  );
}

/** What is wider than the viewport, to name in a failure. */
async function overflow(page: Page) {
  return page.evaluate(() => {
    const root = document.documentElement;
    if (root.scrollWidth <= root.clientWidth) return null;
    const wide: string[] = [];
    for (const element of Array.from(document.body.querySelectorAll("*"))) {
      const box = element.getBoundingClientRect();
      if (box.right > root.clientWidth + 1 && box.width > 0) {
        const parentTooWide = element.parentElement && element.parentElement.getBoundingClientRect().right > root.clientWidth + 1;
        if (!parentTooWide || wide.length === 0) {
          const id = element.id ? `#${element.id}` : "";
          const cls = typeof element.className === "string" && element.className ? `.${element.className.trim().split(/\s+/).join(".")}` : "";
          wide.push(`${element.tagName.toLowerCase()}${id}${cls} (${Math.round(box.width)}px)`);
        }
      }
      if (wide.length >= 3) break;
    }
    return `page is ${root.scrollWidth}px wide: ${wide.join(", ")}`;
  });
}

async function checkRole(email: string | null) {
  const context = await browser.newContext({ viewport: { width: WIDTH, height: 640 } });
  const page = await context.newPage();
  if (email) await signIn(page, baseUrl, email, DEMO_PASSWORD);
  const queue = [...START, ...(email ? SIGNED_IN_START : []), ...(email ? (ROLE_START[email] ?? []) : [])].map((path) => new URL(path, baseUrl));
  const seenShapes = new Set<string>();
  const failures: string[] = [];
  let visited = 0;
  while (queue.length && visited < PAGES_PER_ROLE) {
    const url = queue.shift()!;
    const shape = shapeOf(url);
    if (seenShapes.has(shape) || skip(url)) continue;
    seenShapes.add(shape);
    const response = await page.goto(url.toString());
    visited++;
    if (!response || response.status() >= 400) continue; // broken links are the link test's concern
    const wide = await overflow(page);
    if (wide) failures.push(`${url.pathname}: ${wide}`);
    if (!axeChecked.has(shape)) {
      axeChecked.add(shape);
      await expectAccessible(page);
    }
    const links = await page.$$eval("main a[href], header a[href]", (anchors) => anchors.map((a) => (a as HTMLAnchorElement).href));
    for (const href of links) {
      const next = new URL(href);
      next.hash = "";
      if (!skip(next) && !seenShapes.has(shapeOf(next))) queue.push(next);
    }
  }
  await context.close();
  expect(visited, "pages visited").toBeGreaterThan(3);
  expect(failures, `pages that scroll sideways at ${WIDTH}px as ${email ?? "a visitor"}`).toEqual([]);
}

describe(`every page reflows at ${WIDTH} CSS pixels`, () => {
  for (const email of [null, "member@example.org", "commissioner@example.org", "secretary@example.org", "officer@example.org", "admin@example.org"]) {
    it(`as ${email ?? "a visitor who is not signed in"}`, { timeout: 180_000 }, async () => {
      await checkRole(email);
    });
  }

  it("keeps the header to the service name, the account links and one row of navigation on a phone", async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 800 } });
    const page = await context.newPage();
    await signIn(page, baseUrl, "commissioner@example.org", DEMO_PASSWORD);
    await page.goto(`${baseUrl}/`);
    const navigation = page.getByRole("navigation", { name: "Menu" });
    const rows = await navigation.evaluate((nav) => {
      const tops = new Set(
        Array.from(nav.querySelectorAll(":scope > div > ul > li"))
          .filter((li) => (li as HTMLElement).offsetParent !== null)
          .map((li) => Math.round(li.getBoundingClientRect().top)),
      );
      return tops.size;
    });
    expect(rows).toBe(1);
    // The notification count and the account stay one tap away.
    await expect
      .poll(() =>
        page
          .getByRole("navigation", { name: "Account" })
          .getByRole("link", { name: /Notifications/ })
          .isVisible(),
      )
      .toBe(true);
    await expect.poll(() => page.getByRole("navigation", { name: "Account" }).getByRole("link", { name: "Priya Shah" }).isVisible()).toBe(true);
    // The rest of the menu opens without JavaScript (a details element) and takes a keyboard.
    const more = navigation.locator("summary", { hasText: "More" });
    await more.focus();
    await page.keyboard.press("Enter");
    await expect.poll(() => navigation.getByRole("link", { name: "Manage" }).isVisible()).toBe(true);
    await expectAccessible(page);
    await context.close();
  });

  it("lets a keyboard user scroll a wide table inside a proposal's text", async () => {
    const context = await browser.newContext({ viewport: { width: WIDTH, height: 640 } });
    const page = await context.newPage();
    await page.goto(`${baseUrl}/proposals`);
    await page.locator("main a[href^='/proposals/']").first().click();
    const region = page.locator(".app-prose-table").first();
    await expect.poll(() => region.count()).toBeGreaterThan(0);
    expect(await region.getAttribute("tabindex")).toBe("0");
    expect(await region.getAttribute("role")).toBe("region");
    expect(await region.getAttribute("aria-label")).toMatch(/table/i);
    await region.focus();
    await page.keyboard.press("ArrowRight");
    await expect.poll(() => region.evaluate((el) => el.scrollLeft)).toBeGreaterThan(0);
    await context.close();
  });
});

import { request as http, type APIRequestContext } from "playwright-core";
import { describe, expect, inject, it } from "vitest";
import { DEMO_PASSWORD } from "../../prisma/seed";

// Playwright's request client (a cookie jar, no rendering): a crawl of some 400 pages has to
// stay quick, and what it checks is each link's answer, not how the page looks.
const baseUrl = inject("baseUrl");

// The pages a visitor starts from: the home page and every page the header can offer.
const START_PAGES = [
  "/",
  "/proposals",
  "/meetings",
  "/bodies",
  "/elections",
  "/forum/rooms",
  "/notifications",
  "/account",
  "/manage/proposals",
  "/admin/users",
  "/outbox",
];
// Links followed three steps from a start page, and at most this many pages fetched per viewer.
const MAX_DEPTH = 3;
const MAX_PAGES = 150;

/**
 * Links that are not the app's navigation: signing out is a form, and the email flows'
 * one-time links (a verification or a reset) are the recipient's, used once.
 */
function isFollowable(url: URL): boolean {
  return url.origin === new URL(baseUrl).origin && !/^\/auth\/(sign-out|verify-email|reset-password)/.test(url.pathname);
}

/** Every <a href> in a page, resolved against it. */
function linksIn(html: string, pageUrl: string): URL[] {
  const links: URL[] = [];
  for (const [, href] of html.matchAll(/<a\b[^>]*?\shref="([^"]*)"/g)) {
    const decoded = href
      .replace(/&amp;/g, "&")
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'");
    if (/^(mailto|tel|javascript):/i.test(decoded)) continue;
    const url = new URL(decoded, pageUrl);
    url.hash = "";
    links.push(url);
  }
  return links;
}

/**
 * What a link is, without the record it names: "/bodies/x/meetings/:id", "/proposals/x?report".
 * A page's no-script variants (?reply=, ?report= for every comment) and a list's records
 * render the same links for the same viewer, so a few of each shape are enough.
 */
function shapeOf(url: URL): string {
  const path = url.pathname.replace(/\/c[a-z0-9]{20,}(?=\/|$)/g, "/:id");
  return `${path}?${[...new Set(url.searchParams.keys())].sort().join("&")}`;
}
const PER_SHAPE = 2;
const CONCURRENCY = 4;

/**
 * Breadth first from the start pages, fetching with the viewer's cookies (no rendering, so
 * the crawl stays fast). Start pages the viewer is not offered may answer 403 or send them
 * to sign in; a page a link leads to must not answer 403, 404 or 5xx.
 */
async function brokenLinks(request: APIRequestContext): Promise<{ broken: string[]; fetched: number }> {
  const seen = new Set<string>();
  const perShape = new Map<string, number>();
  let level: { url: string; from: string | null }[] = START_PAGES.map((path) => ({ url: new URL(path, baseUrl).href, from: null }));
  for (const { url } of level) seen.add(url);
  const broken: string[] = [];
  let fetched = 0;
  for (let depth = 0; depth <= MAX_DEPTH && level.length && fetched < MAX_PAGES; depth++) {
    const next: typeof level = [];
    const visit = async ({ url, from }: (typeof level)[number]) => {
      const response = await request.get(url, { maxRedirects: 5, failOnStatusCode: false });
      const status = response.status();
      if (from !== null && (status === 403 || status === 404 || status >= 500)) {
        broken.push(`${status} ${new URL(url).pathname}${new URL(url).search} (linked from ${from})`);
      }
      // A start page the viewer may not open offers nothing to follow; an email's own links
      // (in the outbox) are its recipient's, not the app's navigation.
      const landed = new URL(response.url());
      if (!response.ok() || depth === MAX_DEPTH || landed.pathname.startsWith("/outbox/")) return;
      if (!(response.headers()["content-type"] ?? "").startsWith("text/html")) return;
      for (const link of linksIn(await response.text(), landed.href)) {
        if (!isFollowable(link) || seen.has(link.href)) continue;
        seen.add(link.href);
        const shape = shapeOf(link);
        if ((perShape.get(shape) ?? 0) >= PER_SHAPE) continue;
        perShape.set(shape, (perShape.get(shape) ?? 0) + 1);
        next.push({ url: link.href, from: `${landed.pathname}${landed.search}` });
      }
    };
    const batch = level.slice(0, MAX_PAGES - fetched);
    fetched += batch.length;
    for (let i = 0; i < batch.length; i += CONCURRENCY) await Promise.all(batch.slice(i, i + CONCURRENCY).map(visit));
    level = next;
  }
  return { broken, fetched };
}

/** The sign-in form's post, without rendering it: the session cookie lands in the context. */
async function signInWithRequest(request: APIRequestContext, email: string) {
  const response = await request.post(`${baseUrl}/auth/sign-in`, { form: { email, password: DEMO_PASSWORD }, maxRedirects: 0 });
  expect(response.status(), `signing in as ${email}`).toBe(302);
}

const VIEWERS = [
  { who: "someone signed out", email: null },
  { who: "an administrator", email: "admin@example.org" },
  { who: "a commissioner", email: "commissioner@example.org" },
  { who: "a Forum officer", email: "officer@example.org" },
  { who: "the Board secretary", email: "secretary@example.org" },
  { who: "a Forum member on the Board", email: "member@example.org" },
  { who: "a member of the public", email: "resident@example.org" },
];

describe("every link a viewer is shown leads to a page they may open", () => {
  it.each(VIEWERS)("for $who", async ({ email }) => {
    const context = await http.newContext();
    try {
      if (email) await signInWithRequest(context, email);
      const { broken, fetched } = await brokenLinks(context);
      expect(fetched).toBeGreaterThan(START_PAGES.length);
      expect(broken).toEqual([]);
    } finally {
      await context.dispose();
    }
  });
});

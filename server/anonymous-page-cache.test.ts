import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test/helpers/app-server";
import { createProposal } from "../test/helpers/consultations";
import { getPage, signedInUser } from "../test/helpers/factories";
import { db } from "#app/utils/db.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PAGE_CACHE_MS: "60000" });
});
afterAll(() => server.close());

const nonceInCsp = (response: Response) => /'nonce-([^']+)'/.exec(response.headers.get("content-security-policy") ?? "")?.[1];
const noncesInBody = (html: string) => new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]));

describe("the page cache for signed-out visitors", () => {
  it("reuses the rendered home page but gives every response its own CSP nonce", async () => {
    const first = await getPage(`${server.url}/`);
    const second = await getPage(`${server.url}/`);
    expect(second.headers.get("x-page-cache")).toBe("hit");
    expect(second.headers.get("content-type")).toBe("text/html; charset=utf-8");
    expect(second.headers.get("content-type")).toBe(first.headers.get("content-type"));
    const [firstHtml, secondHtml] = [await first.text(), await second.text()];
    const [a, b] = [nonceInCsp(first), nonceInCsp(second)];
    expect(a).toBeTruthy();
    expect(a).not.toBe(b);
    // Every script in each page carries that response's nonce, so the browser runs them.
    expect(noncesInBody(firstHtml)).toEqual(new Set([a]));
    expect(noncesInBody(secondHtml)).toEqual(new Set([b]));
    expect(secondHtml.replaceAll(b!, a!)).toBe(firstHtml);
  });

  it("never serves a cached page to someone signed in, nor caches theirs", async () => {
    await getPage(`${server.url}/`);
    const { cookie, user } = await signedInUser({ displayName: "Only Me" });
    const mine = await getPage(`${server.url}/`, cookie);
    expect(mine.headers.get("x-page-cache")).toBeNull();
    expect(await mine.text()).toContain("Only Me");
    const anonymous = await getPage(`${server.url}/`);
    expect(await anonymous.text()).not.toContain("Only Me");
    expect(user.id).toBeTruthy();
  });

  it("leaves pages outside its list alone", async () => {
    await getPage(`${server.url}/auth/sign-in`);
    expect((await getPage(`${server.url}/auth/sign-in`)).headers.get("x-page-cache")).toBeNull();
  });

  it("keeps each sort and filter of a public proposal apart, and never caches a page it may not show", async () => {
    const { proposal } = await createProposal();
    const { proposal: invited } = await createProposal({ audience: "INVITED" });
    await getPage(`${server.url}/proposals/${proposal.slug}?sort=oldest`);
    const oldest = await getPage(`${server.url}/proposals/${proposal.slug}?sort=oldest`);
    expect(oldest.headers.get("x-page-cache")).toBe("hit");
    expect(await oldest.text()).toContain('<option value="oldest" selected="">');
    const newest = await getPage(`${server.url}/proposals/${proposal.slug}?sort=newest`);
    expect(newest.headers.get("x-page-cache")).toBeNull();
    await getPage(`${server.url}/proposals/${invited.slug}`);
    const again = await getPage(`${server.url}/proposals/${invited.slug}`);
    expect(again.status).toBe(404);
    expect(again.headers.get("x-page-cache")).toBeNull();
  });
});

describe("a cached page whose time is up", () => {
  let quick: TestServer;
  beforeAll(async () => {
    quick = await startTestServer({ PAGE_CACHE_MS: "300" });
  });
  afterAll(() => quick.close());

  it("is rendered again once, not once per visitor arriving meanwhile, who get the page already made", async () => {
    const { proposal } = await createProposal();
    const url = `${quick.url}/proposals/${proposal.slug}`;
    const first = await (await getPage(url)).text();
    await new Promise((resolve) => setTimeout(resolve, 350));
    const visitors = await Promise.all(Array.from({ length: 12 }, () => getPage(url)));
    const served = visitors.map((r) => r.headers.get("x-page-cache"));
    // One visitor's request rendered the page (no header); everyone else got a made page.
    expect(served.filter((s) => s === null)).toHaveLength(1);
    expect(served.filter((s) => s === "stale" || s === "hit")).toHaveLength(11);
    for (const response of visitors) expect(response.status).toBe(200);
    const nonce = nonceInCsp(visitors[1])!;
    expect(noncesInBody(await visitors[1].text())).toEqual(new Set([nonce]));
    expect(first).toContain(proposal.title);
  });

  it("that can no longer be shown is dropped by the render that finds so, not served again", async () => {
    const { proposal } = await createProposal();
    const url = `${quick.url}/proposals/${proposal.slug}`;
    await getPage(url);
    await db.proposal.update({ where: { id: proposal.id }, data: { audience: "INVITED" } });
    await new Promise((resolve) => setTimeout(resolve, 350));
    expect((await getPage(url)).status).toBe(404);
    const again = await getPage(url);
    expect(again.status).toBe(404);
    expect(again.headers.get("x-page-cache")).toBeNull();
  });
});

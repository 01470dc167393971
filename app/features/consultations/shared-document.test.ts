import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sessionIdOfToken } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";

// Signed-in readers of a proposal are served one document rendered for a stand-in reader of
// their kind, with their own name, ids, unread count and controls spliced in (ADR 024). The
// same app with that cache turned off renders every page for its reader: on the same database
// the two must send the same page, byte for byte apart from the CSP nonce.

let shared: TestServer;
let perReader: TestServer;
beforeAll(async () => {
  shared = await startTestServer({ PAGE_CACHE_MS: "0" });
  perReader = await startTestServer({ PAGE_CACHE_MS: "0", SHARED_DOCUMENT_CACHE: "false" });
});
afterAll(async () => {
  await shared.close();
  await perReader.close();
});

async function page(server: TestServer, path: string, cookie: string) {
  const response = await getPage(`${server.url}${path}`, cookie);
  expect(response.status).toBe(200);
  // Each drawing of a form that creates something carries a fresh idempotency key.
  const html = (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""').replaceAll("<!-- -->", "");
  return {
    html,
    comparable: html.replace(/(name="idempotencyKey" readonly="" value=)"[^"]*"/g, '$1""'),
    servedShared: response.headers.get("x-page-cache") === "shared",
  };
}

async function post(slug: string, cookie: string, fields: Record<string, string>) {
  const response = await postForm(`${shared.url}/proposals/${slug}`, fields, cookie);
  expect(response.status).toBe(302);
  return new URL(response.headers.get("location")!, shared.url).searchParams.get("posted")!;
}

/** Remix's hydration data in a page, as the browser reads it. */
function hydrationData(html: string) {
  const json = /window\.__remixContext = (\{.*?\});<\/script>/s.exec(html)![1];
  return JSON.parse(json) as {
    state: {
      loaderData: Record<string, { user?: { id: string; displayName: string }; unread?: number; viewer?: { id: string; organisation: string | null } }>;
    };
  };
}

/** A reader whose name and organisation need escaping, with unread notifications. */
async function awkwardReader(displayName: string, organisation: string, unread: number) {
  const reader = await signedInUser({ displayName });
  await db.user.update({ where: { id: reader.user.id }, data: { organisation } });
  for (let i = 0; i < unread; i++) await db.notification.create({ data: { userId: reader.user.id, kind: "test", title: `Note ${i}`, link: "/" } });
  return reader;
}

describe("the shared signed-in document", () => {
  it("is the page each reader's own render would be, with their name, unread count and controls, never another's", async () => {
    const { proposal } = await createProposal();
    const zoe = await awkwardReader(`Zoë "Z" O'Brien & <Co> \u2028`, "Mind & Co <Leeds>", 3);
    const ben = await awkwardReader("Ben", "Ben's Café", 1);
    const zoes = await post(proposal.slug, zoe.cookie, { intent: "comment", body: "Zoë's view on the Board." });
    const bens = await post(proposal.slug, ben.cookie, { intent: "comment", body: "Ben wants evening meetings." });
    await post(proposal.slug, zoe.cookie, { intent: "agree", commentId: bens });
    const path = `/proposals/${proposal.slug}`;

    // Ben's read makes the shared render; Zoë's is served from it, then Ben's again.
    for (const reader of [ben, zoe, ben, zoe]) {
      const served = await page(shared, path, reader.cookie);
      expect(served.servedShared).toBe(true);
      expect(served.comparable).toBe((await page(perReader, path, reader.cookie)).comparable);
    }
    const zoePage = (await page(shared, path, zoe.cookie)).html;
    expect(zoePage).toContain("Zoë &quot;Z&quot; O&#x27;Brien &amp; &lt;Co&gt;");
    expect(zoePage).toContain("Notifications (3 unread)");
    expect(zoePage).toContain("I am responding on behalf of Mind &amp; Co &lt;Leeds&gt;");
    expect(zoePage).toContain(`href="?edit=${zoes}#edit-panel-${zoes}"`);
    expect(zoePage).not.toContain(`href="?edit=${bens}`);
    expect(zoePage).toContain("1 person agrees (including you)");
    expect(zoePage).not.toContain("Ben&#x27;s Café");
    const data = hydrationData(zoePage).state.loaderData;
    expect(data.root.user).toMatchObject({ id: zoe.user.id, displayName: `Zoë "Z" O'Brien & <Co> \u2028` });
    expect(data.root.unread).toBe(3);
    expect(data["routes/proposals+/$slug"].viewer).toMatchObject({ id: zoe.user.id, organisation: "Mind & Co <Leeds>" });
    const benPage = (await page(shared, path, ben.cookie)).html;
    // Zoë's name is on her comment, as for everyone; nowhere else.
    expect(benPage.split("Zoë").length - 1).toBe((await page(shared, path, (await signedInUser()).cookie)).html.split("Zoë").length - 1);
    expect(benPage).not.toContain(zoe.user.id);
    expect(benPage).not.toContain("Notifications (3 unread)");
    expect(hydrationData(benPage).state.loaderData.root.user).toMatchObject({ id: ben.user.id, displayName: "Ben" });
    expect(benPage).toContain("Notifications (1 unread)");
    expect(benPage).toContain(`href="?edit=${bens}#edit-panel-${bens}"`);
    expect(benPage).not.toContain(`href="?edit=${zoes}`);

    // After a change announced in the proposal's room, still the reader's own page, with the change.
    await post(proposal.slug, ben.cookie, { intent: "edit", commentId: bens, body: "Ben wants weekend meetings." });
    for (const reader of [zoe, ben]) {
      const served = await page(shared, path, reader.cookie);
      expect(served.servedShared).toBe(true);
      expect(served.html).toContain("Ben wants weekend meetings.");
      expect(served.comparable).toBe((await page(perReader, path, reader.cookie)).comparable);
    }
  });

  it("is never used for an invitation-only proposal, a panel opened by URL or a reader with comments awaiting moderation", async () => {
    const invited = await createProposal({ audience: "INVITED" });
    const guest = await signedInUser();
    await db.proposalInvitation.create({
      data: {
        proposalId: invited.proposal.id,
        email: guest.email,
        tokenHash: `doc-${invited.proposal.id}`,
        invitedById: invited.proposal.createdById,
        userId: guest.user.id,
        acceptedAt: new Date(),
      },
    });
    await post(invited.proposal.slug, guest.cookie, { intent: "comment", body: "Only for the invited." });
    expect((await page(shared, `/proposals/${invited.proposal.slug}`, guest.cookie)).servedShared).toBe(false);
    const outsider = await signedInUser();
    const refused = await getPage(`${shared.url}/proposals/${invited.proposal.slug}`, outsider.cookie);
    expect(refused.status).toBe(404);
    expect(await refused.text()).not.toContain("Only for the invited.");

    const { proposal } = await createProposal({ premoderation: true });
    const reader = await signedInUser();
    const author = await signedInUser();
    expect((await page(shared, `/proposals/${proposal.slug}`, reader.cookie)).servedShared).toBe(true);
    const waiting = await post(proposal.slug, author.cookie, { intent: "comment", body: "Waiting for a moderator." });
    const own = await page(shared, `/proposals/${proposal.slug}`, author.cookie);
    expect(own.servedShared).toBe(false);
    expect(own.html).toContain("Waiting for a moderator.");
    expect((await page(shared, `/proposals/${proposal.slug}?edit=${waiting}`, author.cookie)).servedShared).toBe(false);
    const other = await page(shared, `/proposals/${proposal.slug}`, reader.cookie);
    expect(other.servedShared).toBe(true);
    expect(other.html).not.toContain("Waiting for a moderator.");
  });

  it("lets a reader without JavaScript comment from the shared page, twice", async () => {
    const { proposal } = await createProposal();
    const other = await signedInUser();
    const reader = await signedInUser({ displayName: "No Script" });
    await page(shared, `/proposals/${proposal.slug}`, other.cookie);
    for (const words of ["Posted without JavaScript.", "And a second thought."]) {
      const served = await page(shared, `/proposals/${proposal.slug}`, reader.cookie);
      expect(served.servedShared).toBe(true);
      // What a browser without JavaScript sends: the form's fields as the page drew them.
      const formHtml = /<form method="post" action="[^"]*" id="have-your-say-form".*?<\/form>/s.exec(served.html)![0];
      const hidden = Object.fromEntries(
        [...formHtml.matchAll(/<input type="hidden" name="([^"]+)"(?: readonly="")? value="([^"]*)"/g)].map((m) => [m[1], m[2]]),
      );
      expect(hidden.intent).toBe("comment");
      await post(proposal.slug, reader.cookie, { ...hidden, body: words });
    }
    const after = await page(shared, `/proposals/${proposal.slug}`, reader.cookie);
    expect(after.html).toContain("Posted without JavaScript.");
    // Each drawing of the shared page has its own idempotency key, as a render would.
    const again = await page(shared, `/proposals/${proposal.slug}`, reader.cookie);
    const keyOf = (html: string) => /name="idempotencyKey"[^>]*value="([0-9a-f-]{36})"/.exec(html)?.[1];
    expect(again.servedShared).toBe(true);
    expect(keyOf(again.html)).toBeDefined();
    expect(keyOf(again.html)).not.toBe(keyOf(after.html));
    expect(after.html).toContain("And a second thought.");
  });

  it("serves each of many readers who arrive at once their own page, while their session reads share a round trip", async () => {
    const { proposal } = await createProposal();
    const path = `/proposals/${proposal.slug}`;
    const readers = await Promise.all(Array.from({ length: 10 }, (_, i) => awkwardReader(`Reader ${String.fromCharCode(65 + i)}ara`, `Org ${i}`, i % 3)));
    const comment = await post(proposal.slug, readers[0].cookie, { intent: "comment", body: "A view some agree with." });
    for (const reader of readers.filter((_, i) => i % 2 === 1)) await post(proposal.slug, reader.cookie, { intent: "agree", commentId: comment });
    const forged = `touchstone_session=${"b".repeat(43)}`;
    // Each reader's page, read alone.
    const alone = new Map<string, string>();
    for (const reader of readers) alone.set(reader.cookie, (await page(perReader, path, reader.cookie)).comparable);

    // All at once, three times over, on both apps (the shared document and Remix's own render), with a forged cookie among them.
    const requests = [0, 1, 2].flatMap(() =>
      [shared, perReader].flatMap((server) => [...readers.map((r) => ({ server, cookie: r.cookie })), { server, cookie: forged }]),
    );
    const responses = await Promise.all(requests.map(({ server, cookie }) => getPage(`${server.url}${path}`, cookie)));
    for (const [i, response] of responses.entries()) {
      const { cookie } = requests[i];
      const html = (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""').replaceAll("<!-- -->", "");
      if (cookie === forged) {
        expect(response.headers.get("set-cookie")).toMatch(/^touchstone_session=; .*Max-Age=0/);
        expect(hydrationData(html).state.loaderData.root.user).toBeNull();
        continue;
      }
      expect(html.replace(/(name="idempotencyKey" readonly="" value=)"[^"]*"/g, '$1""')).toBe(alone.get(cookie));
    }
    // The account page, each reader's own document, at once.
    const accounts = await Promise.all(readers.map((r) => getPage(`${shared.url}/account`, r.cookie).then((response) => response.text())));
    for (const [i, html] of accounts.entries()) {
      expect(html).toContain(readers[i].user.email);
      for (const other of readers.filter((_, j) => j !== i)) expect(html).not.toContain(other.user.email);
    }
  });

  it("checks the session in the page's own round trip exactly as lucia does: expired, deleted, forged, refreshed, signed out", async () => {
    const { proposal } = await createProposal();
    const path = `/proposals/${proposal.slug}`;
    const reader = await signedInUser({ displayName: "Session Tester" });
    expect((await page(shared, path, reader.cookie)).servedShared).toBe(true);
    const sessionId = sessionIdOfToken(reader.cookie.split("=")[1]);

    /** Both apps' answers to a cookie that names no live session: the signed-out page and a cleared cookie. */
    async function signedOutBoth(cookie: string, afterShared = async () => {}) {
      const answers = [];
      for (const server of [shared, perReader]) {
        if (server === perReader) await afterShared();
        const response = await getPage(`${server.url}${path}`, cookie);
        expect(response.status).toBe(200);
        expect(response.headers.get("x-page-cache")).toBeNull();
        expect(response.headers.get("set-cookie")).toMatch(/^touchstone_session=; .*Max-Age=0/);
        const html = (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""');
        expect(html).not.toContain("Session Tester");
        expect(html).toContain(`href="/auth/sign-in`);
        expect(hydrationData(html).state.loaderData.root.user).toBeNull();
        answers.push(html);
      }
      expect(answers[0]).toBe(answers[1]);
    }

    // Expired: lucia deletes the session and the reader is signed out.
    await db.session.update({ where: { id: sessionId }, data: { expiresAt: new Date(Date.now() - 1000) } });
    await signedOutBoth(reader.cookie, async () => expect(await db.session.findUnique({ where: { id: sessionId } })).toBeNull());

    // A forged cookie, and the session of an account deleted since.
    await signedOutBoth(`touchstone_session=${"a".repeat(40)}`);
    const leaving = await signedInUser({ displayName: "Session Tester" });
    expect((await page(shared, path, leaving.cookie)).servedShared).toBe(true);
    await db.user.delete({ where: { id: leaving.user.id } });
    await signedOutBoth(leaving.cookie);

    // In the second half of its life the session is extended and its cookie sent again, as lucia does.
    const returning = await signedInUser();
    const returningToken = returning.cookie.split("=")[1];
    const returningId = sessionIdOfToken(returningToken);
    await db.session.update({ where: { id: returningId }, data: { expiresAt: new Date(Date.now() + 10 * 86_400_000) } });
    const refreshed = await getPage(`${shared.url}${path}`, returning.cookie);
    expect(refreshed.headers.get("x-page-cache")).toBe("shared");
    expect(refreshed.headers.get("set-cookie")).toMatch(new RegExp(`^touchstone_session=${returningToken}; .*Max-Age=2592000`));
    const extended = (await db.session.findUniqueOrThrow({ where: { id: returningId } })).expiresAt.getTime();
    expect(extended).toBeGreaterThan(Date.now() + 29 * 86_400_000);
    // Once extended, no cookie is sent again.
    const after = await getPage(`${shared.url}${path}`, returning.cookie);
    expect(after.headers.get("x-page-cache")).toBe("shared");
    expect(after.headers.get("set-cookie")).toBeNull();

    // Signed out on another process (here: its row gone): the very next read is signed out.
    await db.session.deleteMany({ where: { id: returningId } });
    const signedOut = await getPage(`${shared.url}${path}`, returning.cookie);
    expect(signedOut.headers.get("x-page-cache")).toBeNull();
    expect(signedOut.headers.get("set-cookie")).toMatch(/^touchstone_session=; .*Max-Age=0/);

    // A valid session on a proposal that does not exist: Remix's 404, with no one's data.
    const missing = await getPage(`${shared.url}/proposals/no-such-proposal`, (await signedInUser()).cookie);
    expect(missing.status).toBe(404);
  });
});

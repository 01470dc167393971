import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NOTIFICATION_KINDS } from "#app/features/notifications/notifications.schema";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";

// The account page's render is reused while everything it shows is unchanged (ADR 024); the
// session is still checked on every request. The same app with the cache off renders every
// page: on the same database both must send the same page, apart from the CSP nonce.

let cached: TestServer;
let perRequest: TestServer;
beforeAll(async () => {
  cached = await startTestServer();
  perRequest = await startTestServer({ SHARED_DOCUMENT_CACHE: "false" });
});
afterAll(async () => {
  await cached.close();
  await perRequest.close();
});

async function account(server: TestServer, cookie: string) {
  const response = await getPage(`${server.url}/account`, cookie);
  expect(response.status).toBe(200);
  return {
    html: (await response.text()).replace(/nonce="[^"]*"/g, 'nonce=""').replaceAll("<!-- -->", ""),
    reused: response.headers.get("x-page-cache") === "own",
  };
}

const selected = (html: string, kind: string) => new RegExp(`<select[^>]*name="${kind}"[^>]*>.*?<option value="([A-Z]+)" selected=""`, "s").exec(html)?.[1];

describe("the signed-in account page", () => {
  it("is the reader's own page, the same as a fresh render, and shows changes at once", async () => {
    const ana = await signedInUser({ displayName: "Ana <Admin> & Co" });
    const ben = await signedInUser({ displayName: "Ben" });
    for (const reader of [ana, ben, ana, ben]) {
      const page = await account(cached, reader.cookie);
      expect(page.html).toBe((await account(perRequest, reader.cookie)).html);
    }
    const anaPage = await account(cached, ana.cookie);
    expect(anaPage.reused).toBe(true);
    expect(anaPage.html).toContain(ana.email);
    expect(anaPage.html).toContain("Ana &lt;Admin&gt; &amp; Co");
    const benPage = await account(cached, ben.cookie);
    expect(benPage.reused).toBe(true);
    expect(benPage.html).toContain(ben.email);
    expect(benPage.html).not.toContain(ana.email);
    expect(benPage.html).not.toContain("Ana &lt;Admin&gt;");

    // A saved preference, a new role and a notification show on the next read.
    expect(selected(anaPage.html, "reply")).toBe("IMMEDIATELY");
    const current = Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k.kind, selected(anaPage.html, k.kind)!]));
    expect((await postForm(`${cached.url}/account`, { ...current, intent: "email-preferences", reply: "WEEKLY" }, ana.cookie)).status).toBe(200);
    expect(selected((await account(cached, ana.cookie)).html, "reply")).toBe("WEEKLY");
    await db.userRole.create({ data: { userId: ana.user.id, role: "COMMISSIONER" } });
    await db.notification.create({ data: { userId: ana.user.id, kind: "test", title: "Hello", link: "/" } });
    const after = await account(cached, ana.cookie);
    expect(after.html).toContain("Notifications (1 unread)");
    expect(after.html).toMatch(/data-testid="account-roles">Stakeholder, [^<]*Commissioner/);
    expect(after.html).toBe((await account(perRequest, ana.cookie)).html);
  });

  it("is not served once the session has ended", async () => {
    const reader = await signedInUser();
    expect((await account(cached, reader.cookie)).html).toContain(reader.email);
    expect((await account(cached, reader.cookie)).reused).toBe(true);
    expect((await postForm(`${cached.url}/auth/sign-out`, {}, reader.cookie)).status).toBe(302);
    const after = await getPage(`${cached.url}/account`, reader.cookie);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toContain("/auth/sign-in");
    expect(await after.text()).not.toContain(reader.email);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createUser, getPage, postForm, signedInUser, TEST_PASSWORD, uniqueEmail } from "../../../test/helpers/factories";
import { safeRedirect } from "./accounts.schema";
import { VERIFICATION_LINKS_PER_HOUR } from "./accounts.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const validSignUp = (email: string) => ({
  email,
  password: "plum-kettle-harbour",
  confirmPassword: "plum-kettle-harbour",
  displayName: "Ruth",
  stakeholderType: "CARER",
  organisation: "",
});

function fieldError(html: string, field: string): string | null {
  const match = new RegExp(
    `<span class="nhsuk-error-message" id="${field}-error"><span class="nhsuk-u-visually-hidden">Error:</span> (?:<!-- -->)?([^<]*)</span>`,
  ).exec(html);
  return match ? match[1].replaceAll("&#x27;", "'") : null;
}

async function latestEmailTo(email: string) {
  return db.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
}

function linkIn(text: string): string {
  const match = /https?:\/\/\S+/.exec(text);
  if (!match) throw new Error(`no link in ${text}`);
  return match[0];
}

describe("creating an account", () => {
  it.each([
    ["a malformed email", { email: "not-an-email" }, "email", "Enter an email address in the correct format, like name@example.com"],
    ["a short password", { password: "short", confirmPassword: "short" }, "password", "Password must be 10 characters or more"],
    [
      "a common password",
      { password: "password123", confirmPassword: "password123" },
      "password",
      "This password is too common. Choose one that is harder to guess",
    ],
    ["passwords that differ", { confirmPassword: "something-else-entirely" }, "confirmPassword", "Passwords do not match"],
    ["no display name", { displayName: "  " }, "displayName", "Enter the name other people will see"],
    ["an unknown stakeholder type", { stakeholderType: "ALIEN" }, "stakeholderType", "Select how you take part"],
  ])("refuses %s with a message beside the field, and writes no account", async (_, change, field, message) => {
    const email = uniqueEmail("signup");
    const response = await postForm(`${server.url}/auth/sign-up`, { ...validSignUp(email), ...change });
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(fieldError(html, field)).toBe(message);
    expect(html).toContain(`<a href="#${field}">${message.replaceAll("'", "&#x27;")}</a>`); // error summary links to it
    expect(await db.user.count({ where: { email: (change as { email?: string }).email ?? email } })).toBe(0);
  });

  it("refuses an email that already has an account, whatever its case", async () => {
    const { email } = await createUser();
    const response = await postForm(`${server.url}/auth/sign-up`, validSignUp(email.toUpperCase()));
    expect(response.status).toBe(400);
    expect(fieldError(await response.text(), "email")).toMatch(/An account already exists with this email address/);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("creates one account when the same address signs up twice at the same moment", async () => {
    const email = uniqueEmail("race");
    const responses = await Promise.all([1, 2, 3].map(() => postForm(`${server.url}/auth/sign-up`, validSignUp(email))));
    expect(responses.map((r) => r.status).sort()).toEqual([302, 400, 400]);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("sends a verification link that confirms the address once", async () => {
    const email = uniqueEmail("verify");
    const response = await postForm(`${server.url}/auth/sign-up`, validSignUp(email));
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`/auth/check-email?email=${encodeURIComponent(email)}`);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect(user.emailVerifiedAt).toBeNull();
    expect(user.displayName).toBe("Ruth");
    expect(user.stakeholderType).toBe("CARER");

    const mail = await latestEmailTo(email);
    expect(mail.subject).toBe("Confirm your email address for Touchstone");
    const link = linkIn(mail.text).replace(/^https?:\/\/[^/]+/, server.url);
    const first = await getPage(link);
    expect(first.status).toBe(200);
    expect(await first.text()).toContain("Email address confirmed");
    expect((await db.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).toBeInstanceOf(Date);

    const again = await getPage(link);
    expect(again.status).toBe(400);
    expect(await again.text()).toContain("This link has expired or has already been used");
  });
});

describe("signing in and out", () => {
  it("refuses a wrong password without saying whether the account exists", async () => {
    const { email } = await createUser();
    const wrong = await postForm(`${server.url}/auth/sign-in`, { email, password: "not-the-password" });
    const unknown = await postForm(`${server.url}/auth/sign-in`, { email: uniqueEmail(), password: "not-the-password" });
    expect(wrong.status).toBe(400);
    expect(unknown.status).toBe(400);
    expect(fieldError(await wrong.text(), "email")).toBe("Email address or password is incorrect");
    expect(fieldError(await unknown.text(), "email")).toBe("Email address or password is incorrect");
    expect(wrong.headers.get("set-cookie")).toBeNull();
  });

  it("signs in with an HttpOnly, SameSite=Lax session cookie, shows the name, and signs out", async () => {
    const { email, user } = await createUser({ displayName: "Harbour Walker" });
    const response = await postForm(`${server.url}/auth/sign-in`, { email, password: TEST_PASSWORD, redirectTo: "/account" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account");
    const setCookie = response.headers.get("set-cookie")!;
    expect(setCookie).toMatch(/^touchstone_session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    const cookie = setCookie.split(";")[0];

    const account = await getPage(`${server.url}/account`, cookie);
    expect(account.status).toBe(200);
    expect(await account.text()).toContain("Harbour Walker");

    const signOut = await postForm(`${server.url}/auth/sign-out`, {}, cookie);
    expect(signOut.status).toBe(302);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    const after = await getPage(`${server.url}/account`, cookie);
    expect(after.status).toBe(302);
    expect(after.headers.get("location")).toBe("/auth/sign-in?redirectTo=%2Faccount");
  });

  it("never redirects off-site after sign-in", () => {
    expect(safeRedirect("/account")).toBe("/account");
    expect(safeRedirect("//evil.example/")).toBe("/");
    expect(safeRedirect("https://evil.example/")).toBe("/");
    expect(safeRedirect("/\\evil.example")).toBe("/");
  });

  it("treats a forged session cookie as signed out and clears it", async () => {
    const response = await getPage(`${server.url}/account`, "touchstone_session=forged0000000000000000000000000000000000");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/auth\/sign-in/);
    expect(response.headers.get("set-cookie")).toMatch(/touchstone_session=;/);
  });

  it("keeps no session token in the database: what a copy of it holds signs nobody in", async () => {
    const { cookie, user } = await signedInUser({ displayName: "Backup Reader" });
    const token = cookie.split("=")[1];
    const stored = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(stored.id).not.toContain(token);
    expect((await getPage(`${server.url}/account`, cookie)).status).toBe(200);
    const fromBackup = await getPage(`${server.url}/account`, `touchstone_session=${stored.id}`);
    expect(fromBackup.status).toBe(302);
    expect(fromBackup.headers.get("location")).toMatch(/^\/auth\/sign-in/);
  });

  it("refuses an expired session", async () => {
    const { cookie, user } = await signedInUser();
    await db.session.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const response = await getPage(`${server.url}/account`, cookie);
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toMatch(/^\/auth\/sign-in/);
  });
});

describe("resetting a forgotten password", () => {
  it("emails a single-use link, changes the password and signs out every other session", async () => {
    const { email, cookie } = await signedInUser({ verified: false });
    const request = await postForm(`${server.url}/auth/forgot-password`, { email });
    expect(request.status).toBe(200);
    const mail = await latestEmailTo(email);
    expect(mail.subject).toBe("Reset your Touchstone password");
    const link = linkIn(mail.text).replace(/^https?:\/\/[^/]+/, server.url);
    const token = new URL(link).searchParams.get("token")!;

    const page = await getPage(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Choose a new password");

    const common = await postForm(`${server.url}/auth/reset-password?token=${token}`, { token, password: "qwertyuiop", confirmPassword: "qwertyuiop" });
    expect(common.status).toBe(400);

    const reset = await postForm(`${server.url}/auth/reset-password?token=${token}`, {
      token,
      password: "lantern-orchard-seven",
      confirmPassword: "lantern-orchard-seven",
    });
    expect(reset.status).toBe(200);
    expect(await reset.text()).toContain("Password changed");

    // The old session is gone; the new password works; the link does not work twice.
    expect((await getPage(`${server.url}/account`, cookie)).status).toBe(302);
    const signIn = await postForm(`${server.url}/auth/sign-in`, { email, password: "lantern-orchard-seven" });
    expect(signIn.status).toBe(302);
    const reuse = await postForm(`${server.url}/auth/reset-password?token=${token}`, {
      token,
      password: "another-good-passphrase",
      confirmPassword: "another-good-passphrase",
    });
    expect(reuse.status).toBe(400);
    expect(await reuse.text()).toContain("This reset link has expired or has already been used");
    // Following the emailed link also proved the address.
    expect((await db.user.findUniqueOrThrow({ where: { email } })).emailVerifiedAt).not.toBeNull();
  });

  it("sends one link a minute and three an hour to an address, however many ask, and answers each the same", async () => {
    const { email } = await createUser();
    const answers = await Promise.all(Array.from({ length: 5 }, () => postForm(`${server.url}/auth/forgot-password`, { email })));
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200, 200]);
    const pages = await Promise.all(answers.map((answer) => answer.text()));
    for (const page of pages) expect(page).toContain("If there is an account for");
    expect(await db.outboxEmail.count({ where: { to: email } })).toBe(1);
    // A minute on, each request may send one more, up to three in the hour.
    await db.accountToken.updateMany({ where: { user: { email } }, data: { createdAt: new Date(Date.now() - 2 * 60_000) } });
    for (let i = 0; i < 5; i++) {
      await postForm(`${server.url}/auth/forgot-password`, { email });
      await db.accountToken.updateMany({ where: { user: { email } }, data: { createdAt: new Date(Date.now() - 2 * 60_000) } });
    }
    expect(await db.outboxEmail.count({ where: { to: email } })).toBe(VERIFICATION_LINKS_PER_HOUR);
  });

  it("answers the same for an unknown address and sends nothing", async () => {
    const email = uniqueEmail("nobody");
    const response = await postForm(`${server.url}/auth/forgot-password`, { email });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain("If there is an account for");
    expect(await db.outboxEmail.count({ where: { to: email } })).toBe(0);
  });
});

describe("rate limits on sign-in, sign-up and password reset", () => {
  it("stops the fourth attempt with a clear 'try again in N minutes' message", async () => {
    const limited = await startTestServer({ RATE_LIMIT_AUTH_MAX: "3", RATE_LIMIT_WINDOW_MINUTES: "15" });
    try {
      const attempt = () => postForm(`${limited.url}/auth/sign-in`, { email: "someone@example.test", password: "wrong-password" });
      for (let i = 0; i < 3; i++) expect((await attempt()).status).toBe(400);
      const blocked = await attempt();
      expect(blocked.status).toBe(429);
      expect(await blocked.text()).toContain("Too many attempts. Try again in 15 minutes.");
      // Each form has its own budget, and reading the page is never limited.
      expect((await getPage(`${limited.url}/auth/sign-in`)).status).toBe(200);
      expect((await postForm(`${limited.url}/auth/forgot-password`, { email: "someone@example.test" })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });
});

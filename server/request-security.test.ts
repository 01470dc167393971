import { Writable } from "node:stream";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { parseEnv } from "#app/utils/env.server";
import { safeRedirect } from "#app/utils/safe-redirect";
import { startTestServer, type TestServer } from "../test/helpers/app-server";
import { createUser, form, postForm, signedInUser, TEST_PASSWORD, uniqueEmail } from "../test/helpers/factories";
import { createMeeting } from "../test/helpers/meetings";
import { freePort } from "../test/helpers/free-port";
import { createApp, RATE_LIMITED_ROUTES } from "./app";
import { redactUrl } from "./redact-url";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

function post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(url, {
    method: "POST",
    body: form(fields),
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", ...headers },
  });
}

const signUp = (email: string) => ({
  email,
  password: "plum-kettle-harbour",
  confirmPassword: "plum-kettle-harbour",
  displayName: "Ruth",
  stakeholderType: "CARER",
  organisation: "",
});

describe("the sign-in limit is per page, whatever spelling of its path is posted to", () => {
  it("counts /auth/sign-in/, /AUTH/SIGN-IN and /auth/sign%2Din against one budget", async () => {
    const limited = await startTestServer({ RATE_LIMIT_AUTH_MAX: "3", RATE_LIMIT_WINDOW_MINUTES: "15" });
    try {
      const attempt = (pathname: string) => post(`${limited.url}${pathname}`, { email: "someone@example.test", password: "wrong-password" });
      expect((await attempt("/auth/sign-in/")).status).toBe(400);
      expect((await attempt("/AUTH/SIGN-IN")).status).toBe(400);
      expect((await attempt("/Auth/Sign-In//")).status).toBe(400);
      for (const variant of ["/auth/sign%2Din", "/auth/sign-in", "/AUTH/SIGN-IN/", "/auth/sign-in?x=1"]) {
        const blocked = await attempt(variant);
        expect(blocked.status, variant).toBe(429);
        expect(await blocked.text()).toContain("Too many attempts. Try again in 15 minutes.");
      }
      // The other limited forms keep their own budgets, spelled any way.
      expect((await post(`${limited.url}/AUTH/FORGOT-PASSWORD/`, { email: "someone@example.test" })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("counts by the forwarded client address only behind a trusted proxy", async () => {
    const attempt = (url: string, client: string) =>
      post(`${url}/auth/sign-in`, { email: "someone@example.test", password: "wrong-password" }, { "X-Forwarded-For": client });
    // Not told of a proxy: a made-up X-Forwarded-For does not buy a fresh budget.
    const direct = await startTestServer({ RATE_LIMIT_AUTH_MAX: "2", RATE_LIMIT_WINDOW_MINUTES: "15" });
    try {
      expect((await attempt(direct.url, "203.0.113.1")).status).toBe(400);
      expect((await attempt(direct.url, "203.0.113.2")).status).toBe(400);
      expect((await attempt(direct.url, "203.0.113.3")).status).toBe(429);
    } finally {
      await direct.close();
    }
    // Behind one proxy: each client has its own budget, not one shared by everyone behind it.
    const proxied = await startTestServer({ RATE_LIMIT_AUTH_MAX: "2", RATE_LIMIT_WINDOW_MINUTES: "15", TRUST_PROXY: "1" });
    try {
      for (const status of [400, 400, 429]) expect((await attempt(proxied.url, "203.0.113.1")).status).toBe(status);
      expect((await attempt(proxied.url, "203.0.113.2")).status).toBe(400);
    } finally {
      await proxied.close();
    }
  });

  it("names routes that exist, so renaming a page cannot quietly lift its limit", async () => {
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    for (const routeId of RATE_LIMITED_ROUTES) expect(build.routes[routeId], routeId).toBeDefined();
  });
});

describe("posts a browser makes for another site are refused", () => {
  it.each([
    ["an Origin of another site", { Origin: "https://evil.example" }],
    ["an opaque Origin (sandboxed frame, data: URL)", { Origin: "null" }],
    ["Sec-Fetch-Site: cross-site", { "Sec-Fetch-Site": "cross-site" }],
    ["Sec-Fetch-Site: same-site (a sibling subdomain)", { "Sec-Fetch-Site": "same-site" }],
  ])("with %s: 403 and nothing written", async (_label, headers) => {
    const email = uniqueEmail("csrf");
    const response = await post(`${server.url}/auth/sign-up`, signUp(email), headers);
    expect(response.status).toBe(403);
    expect(await response.text()).toContain("came from another website");
    expect(await db.user.count({ where: { email } })).toBe(0);
  });

  it.each([
    ["its own Origin", () => ({ Origin: server.url })],
    ["Sec-Fetch-Site: same-origin", () => ({ "Sec-Fetch-Site": "same-origin", Origin: server.url })],
    ["neither header (not a browser, so no cookies of a victim)", () => ({})],
  ])("with %s the post goes through", async (_label, headers) => {
    const email = uniqueEmail("same");
    const response = await post(`${server.url}/auth/sign-up`, signUp(email), headers());
    expect(response.status).toBe(302);
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it("a cross-site GET still works: links from other sites open pages", async () => {
    const response = await fetch(`${server.url}/auth/sign-in`, { headers: { "Sec-Fetch-Site": "cross-site", Origin: "https://evil.example" } });
    expect(response.status).toBe(200);
  });
});

describe("after sign-in, only paths on this site are followed", () => {
  it.each(["/\t/evil.example", "/\n/evil.example", "/\\evil.example", "//evil.example/", "https://evil.example/", "/\t\\evil.example", " /evil"])(
    "refuses %j",
    (target) => {
      expect(safeRedirect(target, "/account")).toBe("/account");
    },
  );

  it("keeps a path, its query and fragment", () => {
    expect(safeRedirect("/proposals/a?b=1#c")).toBe("/proposals/a?b=1#c");
  });

  it("redirectTo=%2F%09%2Fevil.example sends the person to their account, not off-site", async () => {
    const { email } = await createUser();
    const response = await fetch(`${server.url}/auth/sign-in`, {
      method: "POST",
      redirect: "manual",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: `email=${encodeURIComponent(email)}&password=${encodeURIComponent(TEST_PASSWORD)}&redirectTo=%2F%09%2Fevil.example`,
    });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account");
  });
});

describe("one connection cannot fill a meeting with guests", () => {
  it("refuses a guest past the limit with a message in the form, writes nothing, and still lets a signed-in person register", async () => {
    const limited = await startTestServer({ RATE_LIMIT_REGISTRATION_MAX: "3", RATE_LIMIT_WINDOW_MINUTES: "15" });
    try {
      const meeting = await createMeeting({ capacity: 10 });
      const guest = (i: number) => postForm(`${limited.url}/meetings/${meeting.slug}`, { name: `Guest ${i}`, email: uniqueEmail(`guest${i}`) });
      for (const i of [1, 2, 3]) expect((await guest(i)).status).toBe(302);
      const refused = await guest(4);
      expect(refused.status).toBe(429);
      expect(refused.headers.get("retry-after")).toBe("900");
      expect(await refused.text()).toContain("Too many people have registered from this connection. Try again in 15 minutes, or sign in to register.");
      expect(await db.registration.count({ where: { meetingId: meeting.id } })).toBe(3);
      // The same spelling trick as sign-in's cannot get round it.
      expect((await postForm(`${limited.url}/MEETINGS/${meeting.slug}/`, { name: "Guest 5", email: uniqueEmail("guest5") })).status).toBe(429);
      const member = await signedInUser();
      expect((await postForm(`${limited.url}/meetings/${meeting.slug}`, {}, member.cookie)).status).toBe(302);
      expect(await db.registration.count({ where: { meetingId: meeting.id } })).toBe(4);
    } finally {
      await limited.close();
    }
  });
});

describe("request logs never hold the tokens of emailed links", () => {
  it("redacts token query parameters and token-bearing paths", () => {
    expect(redactUrl("/auth/reset-password?token=abc123")).toBe("/auth/reset-password?token=[redacted]");
    expect(redactUrl("/auth/verify-email?x=1&Token=abc&y=2")).toBe("/auth/verify-email?x=1&Token=[redacted]&y=2");
    expect(redactUrl("/invitations/abc123?from=email")).toBe("/invitations/[redacted]?from=email");
    expect(redactUrl("/UNSUBSCRIBE/abc123")).toBe("/UNSUBSCRIBE/[redacted]");
    expect(redactUrl("/meetings/cancel/abc123/")).toBe("/meetings/cancel/[redacted]/");
    expect(redactUrl("//invitations//abc123")).toBe("//invitations//[redacted]");
    expect(redactUrl("/meetings/some-meeting")).toBe("/meetings/some-meeting");
    expect(redactUrl("/meetings/confirm/abc123")).toBe("/meetings/confirm/[redacted]");
  });

  it("hides a token inside where to go after signing in, and people's addresses and searches", () => {
    const logged = redactUrl(`/auth/sign-in?redirectTo=${encodeURIComponent("/account/data/download?token=abc123")}`);
    expect(logged).not.toContain("abc123");
    expect(decodeURIComponent(logged)).toBe("/auth/sign-in?redirectTo=/account/data/download?token=[redacted]");
    expect(redactUrl("/auth/check-email?email=ruth%40example.test")).toBe("/auth/check-email?email=[redacted]");
    expect(redactUrl("/admin/users?q=Ruth+Jones&page=2")).toBe("/admin/users?q=[redacted]&page=2");
  });

  it("knows every page whose path is a token", async () => {
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    const tokenPages = Object.values(build.routes).filter((route) => route.path?.includes(":token"));
    expect(tokenPages.length).toBeGreaterThan(0);
    for (const route of tokenPages) {
      const parents: string[] = [];
      for (let parent = route.parentId; parent && build.routes[parent]?.path; parent = build.routes[parent].parentId)
        parents.unshift(build.routes[parent].path!);
      const url = `/${[...parents, route.path!].join("/").replace(":token", "abc123")}`;
      expect(redactUrl(url), route.id).not.toContain("abc123");
    }
  });

  it("the app's request log shows the page but not the token", async () => {
    const lines: string[] = [];
    const log = pino({ level: "info" }, new Writable({ write: (chunk, _enc, done) => (lines.push(String(chunk)), done()) }));
    const port = await freePort();
    const env = parseEnv({ ...process.env, PORT: String(port), HOST: "127.0.0.1", APP_URL: `http://127.0.0.1:${port}` });
    const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
    const app = createApp({ build, env, db, log });
    await new Promise<void>((resolve) => app.httpServer.listen(port, "127.0.0.1", resolve));
    try {
      const secret = "s3cr3t-t0ken-value";
      for (const pathname of [
        `/auth/reset-password?token=${secret}`,
        `/auth/verify-email?token=${secret}`,
        `/invitations/${secret}`,
        `/unsubscribe/${secret}`,
        `/meetings/cancel/${secret}`,
        `/meetings/confirm/${secret}`,
        // Signed out, a page behind sign-in sends the person to sign in and back, token and all.
        `/account/data/download?token=${secret}`,
      ]) {
        await (await fetch(`http://127.0.0.1:${port}${pathname}`, { redirect: "follow" })).text();
      }
      // Signing in answers with the session cookie, whose value is the session's secret.
      const { email } = await createUser();
      const signIn = await post(`http://127.0.0.1:${port}/auth/sign-in`, { email, password: TEST_PASSWORD }, { Origin: `http://127.0.0.1:${port}` });
      const sessionToken = /touchstone_session=([^;]+)/.exec(signIn.headers.get("set-cookie") ?? "")?.[1];
      expect(sessionToken).toBeTruthy();
      await new Promise((resolve) => setTimeout(resolve, 50));
      const logged = lines.join("");
      expect(logged).toContain("/invitations/[redacted]");
      expect(logged).toContain("/auth/reset-password?token=[redacted]");
      expect(logged).toContain('"statusCode":302');
      expect(logged).not.toContain(secret);
      expect(logged).not.toContain(sessionToken);
      expect(logged).not.toContain(email);
    } finally {
      await app.close();
    }
  });
});

describe("a deployment with its own database is not a demo", () => {
  it("shows no demo banner when DATABASE_URL is set and SEED_DEMO_DATA is not", async () => {
    expect(await (await fetch(`${server.url}/`)).text()).not.toContain("Demo data");
  });
});

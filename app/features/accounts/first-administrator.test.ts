import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { postForm, uniqueEmail } from "../../../test/helpers/factories";
import { createAdministrator } from "./first-administrator.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const tokenOf = (link: string) => new URL(link).searchParams.get("token")!;

describe("creating the first administrator", () => {
  it("makes an administrator who signs in only after choosing a password through the one-time link, also emailed", async () => {
    const email = uniqueEmail("first-admin");
    const result = await createAdministrator({ email, displayName: "Alex Admin" });
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const user = await db.user.findUniqueOrThrow({
      where: { email },
      select: { id: true, displayName: true, emailVerifiedAt: true, roles: { select: { role: true } } },
    });
    expect(user.roles.map((r) => r.role)).toEqual(["ADMIN"]);
    expect(user.displayName).toBe("Alex Admin");
    expect(user.emailVerifiedAt).toBeNull();

    const emailed = await db.outboxEmail.findFirstOrThrow({ where: { to: email } });
    expect(emailed.subject).toBe("Set your Touchstone administrator password");
    expect(emailed.text).toContain(result.link);

    // No password works before the link is used.
    expect((await postForm(`${server.url}/auth/sign-in`, { email, password: "touchstone-demo" })).status).toBe(400);

    const token = tokenOf(result.link);
    const set = await postForm(`${server.url}/auth/reset-password?token=${token}`, {
      token,
      password: "lantern-orchard-seven",
      confirmPassword: "lantern-orchard-seven",
    });
    expect(set.status).toBe(200);
    const signIn = await postForm(`${server.url}/auth/sign-in`, { email, password: "lantern-orchard-seven" });
    expect(signIn.status).toBe(302);
    const admin = await fetch(`${server.url}/admin/users`, { headers: { Cookie: signIn.headers.get("set-cookie")!.split(";")[0] }, redirect: "manual" });
    expect(admin.status).toBe(200);

    // The link works once.
    const again = await postForm(`${server.url}/auth/reset-password?token=${token}`, {
      token,
      password: "another-good-passphrase",
      confirmPassword: "another-good-passphrase",
    });
    expect(again.status).toBe(400);
  });

  it("refuses a malformed address or one that already has an account, and writes nothing", async () => {
    const before = await db.user.count();
    expect(await createAdministrator({ email: "not-an-email" })).toEqual({
      ok: false,
      status: 400,
      errors: { email: ["Enter an email address in the correct format, like name@example.com"] },
    });
    const email = uniqueEmail("twice");
    expect((await createAdministrator({ email })).ok).toBe(true);
    const second = await createAdministrator({ email: email.toUpperCase() });
    expect(second).toEqual({ ok: false, status: 409, errors: { email: [expect.stringContaining("already exists")] } });
    expect(await db.user.count()).toBe(before + 1);
    expect(await db.outboxEmail.count({ where: { to: email } })).toBe(1);
  });

  it("`npm run admin:create -- <email>` prints the link", async () => {
    const email = uniqueEmail("cli-admin");
    const { stdout } = await promisify(execFile)(process.execPath, ["--import", "tsx", "scripts/create-admin.ts", email, "--name", "Chris Ops"], {
      env: process.env,
    });
    expect(stdout).toContain(`Administrator ${email} created.`);
    const link = /https?:\/\/\S+\/auth\/reset-password\?token=\S+/.exec(stdout)![0];
    const user = await db.user.findUniqueOrThrow({ where: { email }, select: { displayName: true, roles: { select: { role: true } } } });
    expect(user).toEqual({ displayName: "Chris Ops", roles: [{ role: "ADMIN" }] });
    expect((await db.outboxEmail.findFirstOrThrow({ where: { to: email } })).text).toContain(link);
  });
});

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";
import { recordingPublisher } from "../../../test/helpers/consultations";
import type { RoleName } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { canReadOutbox } from "./accounts.policy";
import { retryOutboxEmail } from "./outbox.server";
import { changeRole } from "./roles.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

describe("the admin page for roles", () => {
  it.each([
    ["a stakeholder", []],
    ["a commissioner", ["COMMISSIONER"]],
    ["a forum officer", ["FORUM_OFFICER"]],
  ] as const)("is forbidden to %s, for reading and for changing roles", async (_, roles) => {
    const { cookie, user } = await signedInUser({ roles: [...roles] });
    const page = await getPage(`${server.url}/admin/users`, cookie);
    expect(page.status).toBe(403);
    expect(await page.text()).toContain("You do not have permission to see this page");

    const post = await postForm(`${server.url}/admin/users`, { intent: "grant", userId: user.id, role: "ADMIN" }, cookie);
    expect(post.status).toBe(403);
    expect(await db.userRole.count({ where: { userId: user.id, role: "ADMIN" } })).toBe(0);
  });

  it("sends a signed-out visitor to sign in", async () => {
    const page = await getPage(`${server.url}/admin/users`);
    expect(page.status).toBe(302);
    expect(page.headers.get("location")).toBe("/auth/sign-in?redirectTo=%2Fadmin%2Fusers");
  });

  it("lets an administrator grant and remove a role, recording who did it", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const { user } = await signedInUser({ displayName: "Future Commissioner" });

    const page = await getPage(`${server.url}/admin/users?q=Future%20Commissioner`, admin.cookie);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Future Commissioner");

    const grant = await postForm(`${server.url}/admin/users`, { intent: "grant", userId: user.id, role: "COMMISSIONER" }, admin.cookie);
    expect(grant.status).toBe(200);
    expect(await grant.text()).toContain("Granted Commissioner");
    const role = await db.userRole.findUniqueOrThrow({ where: { userId_role: { userId: user.id, role: "COMMISSIONER" } } });
    expect(role.grantedById).toBe(admin.user.id);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { subject: `user:${user.id}`, action: "role.grant" } });
    expect(audit.actorId).toBe(admin.user.id);

    const revoke = await postForm(`${server.url}/admin/users`, { intent: "revoke", userId: user.id, role: "COMMISSIONER" }, admin.cookie);
    expect(revoke.status).toBe(200);
    expect(await db.userRole.count({ where: { userId: user.id } })).toBe(0);
  });

  it("rejects a role that does not exist or a missing person with a clear error", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const badRole = await postForm(`${server.url}/admin/users`, { intent: "grant", userId: admin.user.id, role: "EMPEROR" }, admin.cookie);
    expect(badRole.status).toBe(400);
    expect(await badRole.text()).toContain("Select a role");
    const nobody = await postForm(`${server.url}/admin/users`, { intent: "grant", userId: "no-such-user", role: "COMMISSIONER" }, admin.cookie);
    expect(nobody.status).toBe(404);
    expect(await db.userRole.count({ where: { userId: "no-such-user" } })).toBe(0);
  });

  it("does not let administrators remove their own administrator role", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const response = await postForm(`${server.url}/admin/users`, { intent: "revoke", userId: admin.user.id, role: "ADMIN" }, admin.cookie);
    expect(response.status).toBe(403);
    expect(await db.userRole.count({ where: { userId: admin.user.id, role: "ADMIN" } })).toBe(1);
  });

  it("takes effect on the person's next request: a new admin can open the page at once", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const other = await signedInUser();
    expect((await getPage(`${server.url}/admin/users`, other.cookie)).status).toBe(403);
    await postForm(`${server.url}/admin/users`, { intent: "grant", userId: other.user.id, role: "ADMIN" }, admin.cookie);
    expect((await getPage(`${server.url}/admin/users`, other.cookie)).status).toBe(200);
  });
});

describe("the email outbox", () => {
  it("is open outside production so emailed links can be followed, and admin-only in production", async () => {
    const stakeholder = await signedInUser();
    expect((await getPage(`${server.url}/outbox`, stakeholder.cookie)).status).toBe(200);
    expect(canReadOutbox(null, "development")).toBe(true);
    expect(canReadOutbox(null, "production")).toBe(false);
    expect(canReadOutbox({ id: "s", roles: ["COMMISSIONER"] }, "production")).toBe(false);
    expect(canReadOutbox({ id: "a", roles: ["ADMIN"] }, "production")).toBe(true);
  });
});

/** The person as a command sees them (the session's view of the account). */
const asActor = (person: Awaited<ReturnType<typeof signedInUser>>, roles: RoleName[] = []): SessionUser => ({
  id: person.user.id,
  email: person.user.email,
  displayName: person.user.displayName,
  stakeholderType: person.user.stakeholderType,
  organisation: person.user.organisation,
  emailVerified: true,
  roles,
});

describe("commands that guard themselves, called directly", () => {
  it("changeRole refuses someone who may not manage roles, and an administrator removing their own", async () => {
    const stakeholder = await signedInUser();
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const publisher = recordingPublisher();
    expect(await changeRole(asActor(stakeholder), { userId: stakeholder.user.id, role: "ADMIN", intent: "grant" }, publisher)).toMatchObject({
      ok: false,
      status: 403,
    });
    expect(await changeRole(asActor(admin, ["ADMIN"]), { userId: admin.user.id, role: "ADMIN", intent: "revoke" }, publisher)).toEqual({
      ok: false,
      status: 403,
      errors: { form: ["You cannot remove your own administrator role."] },
    });
    expect(await db.userRole.count({ where: { userId: stakeholder.user.id } })).toBe(0);
    expect(await db.userRole.count({ where: { userId: admin.user.id, role: "ADMIN" } })).toBe(1);
    expect(publisher.events).toEqual([]);
  });

  it("retryOutboxEmail sends nothing again for someone who is not an administrator", async () => {
    const email = await db.outboxEmail.create({
      data: { to: "someone@example.test", subject: "Gave up", text: "Hello", message: {}, attempts: 8, lastError: "Mailbox unavailable" },
    });
    const stakeholder = await signedInUser();
    expect(await retryOutboxEmail(asActor(stakeholder), email.id)).toMatchObject({ ok: false, status: 403 });
    expect(await retryOutboxEmail(null, email.id)).toMatchObject({ ok: false, status: 403 });
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: email.id } })).attempts).toBe(8);
    const admin = await signedInUser({ roles: ["ADMIN"] });
    expect(await retryOutboxEmail(asActor(admin, ["ADMIN"]), email.id)).toEqual({ ok: true });
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: email.id } })).attempts).toBe(0);
  });
});

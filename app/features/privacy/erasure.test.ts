import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { remindActionOwners } from "#app/features/governance/actions.server";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal, recordingPublisher } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser, TEST_PASSWORD } from "../../../test/helpers/factories";
import { personWithEverything, tablesHolding, textColumns } from "../../../test/helpers/privacy";
import { socketClients } from "../../../test/helpers/socket-client";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());
const sockets = socketClients(() => server.url);
afterEach(() => sockets.closeAll());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");
const deleteOwn = (cookie: string, fields: Record<string, string>) => postForm(`${server.url}/account/delete`, fields, cookie);

describe("deleting your own account", () => {
  it("refuses a wrong password or no choice, saying so beside the field, and deletes nothing", async () => {
    const person = await signedInUser();
    const wrong = await deleteOwn(person.cookie, { text: "remove", password: "not-my-password" });
    expect(wrong.status).toBe(400);
    expect(await text(wrong)).toContain("The password is not right");
    const noChoice = await deleteOwn(person.cookie, { password: TEST_PASSWORD });
    expect(noChoice.status).toBe(400);
    expect(await text(noChoice)).toContain("Choose what happens to your comments and messages");
    const row = await db.user.findUniqueOrThrow({ where: { id: person.user.id } });
    expect(row).toMatchObject({ email: person.email, erasedAt: null });
    expect(await db.session.count({ where: { userId: person.user.id } })).toBe(1);
  });

  it("leaves nothing that names them in any table, the event store or the outbox, when they remove their text", async () => {
    const p = await personWithEverything(server.url);
    const everything = Object.values(p.strings).concat(p.email);
    // The scan can see them before: it would catch what was left.
    const before = await tablesHolding(everything);
    for (const where of [
      "User.email",
      "User.displayName",
      "User.organisation",
      "Comment.body",
      "ForumMessage.body",
      "RealtimeEvent.payload",
      "OutboxEmail.text",
      "Notification.title",
      "Election.result",
      "AuditEvent.details",
      "Registration.accessOther",
      "ForumMembership.postcode",
    ]) {
      expect(
        before.some((hit) => hit.startsWith(`${where}:`)),
        where,
      ).toBe(true);
    }
    const columns = (await textColumns()).map((c) => `${c.table_name}.${c.column_name}`);
    expect(columns).toEqual(
      expect.arrayContaining(["RealtimeEvent.payload", "OutboxEmail.text", "OutboxEmail.html", "OutboxEmail.message", "AuditEvent.details"]),
    );

    const socket = await sockets.connect(p.cookie);
    const disconnected = new Promise<string>((resolve) => socket.once("disconnect", resolve));
    const response = await deleteOwn(p.cookie, { text: "remove", password: TEST_PASSWORD });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("/account/deleted");
    expect(response.headers.get("set-cookie")).toMatch(/touchstone_session=;/);
    // Their socket is closed by the server at once.
    expect(await disconnected).toBe("io server disconnect");

    expect(await tablesHolding(everything)).toEqual([]);
    // Signed out everywhere: the old cookie no longer opens their account.
    expect(await db.session.count({ where: { userId: p.user.id } })).toBe(0);
    expect((await getPage(`${server.url}/account`, p.cookie)).headers.get("location")).toMatch(/^\/auth\/sign-in/);
    // No one can sign in as them.
    const signIn = await postForm(`${server.url}/auth/sign-in`, { email: p.email, password: TEST_PASSWORD });
    expect(signIn.status).toBe(400);
    expect(await db.auditEvent.count({ where: { subject: `user:${p.user.id}`, action: "account.deleted" } })).toBe(1);
  });

  it("keeps threads readable and counts right, cancels, withdraws, ends seats and tells the secretary", async () => {
    const p = await personWithEverything(server.url);
    const agreeBefore = (await db.comment.findUniqueOrThrow({ where: { id: p.others.id } })).agreeCount;
    expect(agreeBefore).toBe(1);
    expect(await deleteOwn(p.cookie, { text: "remove", password: TEST_PASSWORD }).then((r) => r.status)).toBe(302);

    // The thread: their comment is a tombstone, the reply to it still shows.
    const page = await text(await getPage(`${server.url}/proposals/${p.proposal.slug}`));
    expect(page).toContain("This comment was deleted by its author.");
    expect(page).toContain("A reply from someone else");
    expect(page).not.toContain(p.strings.comment);
    // Open pages are told: the comment is deleted, the Forum message is a nameless tombstone.
    expect(
      await db.realtimeEvent.count({
        where: { room: `proposal:${p.proposal.id}`, name: "comment:updated", payload: { equals: { commentId: p.theirs.id, change: "deleted" } } },
      }),
    ).toBe(1);
    const live = await db.realtimeEvent.findFirstOrThrow({ where: { room: `forum:${p.room.id}`, name: "forum:message" }, orderBy: { id: "desc" } });
    expect(live.payload).toMatchObject({ message: { id: p.message.id, state: "deleted", body: "", authorName: "Former participant" } });
    // Counts: the agree and the turnout stand, with nothing personal on them.
    expect((await db.comment.findUniqueOrThrow({ where: { id: p.others.id } })).agreeCount).toBe(1);
    expect(await db.commentAgree.count({ where: { commentId: p.others.id } })).toBe(1);
    expect(await db.voterRecord.count({ where: { electionId: p.held.id } })).toBe(2);
    expect(await db.ballot.count({ where: { electionId: p.held.id } })).toBe(2);
    // Their place went to the person waiting.
    expect((await db.registration.findUniqueOrThrow({ where: { id: p.waiting.id } })).status).toBe("CONFIRMED");
    expect(await db.registration.count({ where: { meetingId: p.meeting.id, status: "CONFIRMED" } })).toBe(1);
    expect(await db.outboxEmail.count({ where: { to: p.waiting.email } })).toBe(1);
    // The nomination still to come is withdrawn; the declared result stands, nameless.
    expect((await db.nomination.findFirstOrThrow({ where: { electionId: p.upcoming.id } })).withdrawnAt).not.toBeNull();
    expect((await db.nomination.findFirstOrThrow({ where: { electionId: p.held.id } })).withdrawnAt).toBeNull();
    expect(JSON.stringify((await db.election.findUniqueOrThrow({ where: { id: p.held.id } })).result)).toContain("Former participant");
    // The seat ends today and the secretary hears it is vacant, not who held it.
    const appointment = await db.appointment.findFirstOrThrow({ where: { seatId: p.seat.id } });
    expect(appointment).toMatchObject({ holderName: "Former participant", endReason: "The holder's Touchstone account was deleted" });
    expect(appointment.endedOn).not.toBeNull();
    const notice = await db.notification.findFirstOrThrow({ where: { userId: p.secretary.user.id, kind: "seat-change" } });
    expect(notice.title).toContain(`A place on ${p.seat.name}`);
    expect(notice.title).not.toContain(p.strings.displayName);
  });

  it("keeps what they wrote as “Former participant”, with no name, organisation or badge, if they choose", async () => {
    const p = await personWithEverything(server.url);
    expect(await deleteOwn(p.cookie, { text: "keep", password: TEST_PASSWORD }).then((r) => r.status)).toBe(302);
    const page = await text(await getPage(`${server.url}/proposals/${p.proposal.slug}`));
    expect(page).toContain(p.strings.comment);
    const byline = page.slice(page.lastIndexOf("app-comment__byline", page.indexOf(p.strings.comment)), page.indexOf(p.strings.comment));
    expect(byline).toContain("Former participant");
    expect(byline).not.toContain("Service user");
    expect(byline).not.toContain("on behalf of");
    // Their words remain by choice; nothing that names them does.
    expect(await tablesHolding([p.email, p.strings.displayName, p.strings.organisation, p.strings.accessOther, p.strings.postcode])).toEqual([]);
    expect((await db.forumMessage.findUniqueOrThrow({ where: { id: p.message.id } })).body).toBe(p.strings.message);
  });

  it("replaces their name in other people's notifications as a whole word only", async () => {
    const p = await signedInUser({ displayName: "Ada" });
    const other = await signedInUser();
    const notice = await db.notification.create({
      data: { userId: other.user.id, kind: "reply", title: "Ada replied; Adam and Adaline agreed with Ada.", link: "/" },
    });
    expect(await deleteOwn(p.cookie, { text: "remove", password: TEST_PASSWORD }).then((r) => r.status)).toBe(302);
    expect((await db.notification.findUniqueOrThrow({ where: { id: notice.id } })).title).toBe(
      "Former participant replied; Adam and Adaline agreed with Former participant.",
    );
  });

  it("frees the email address for a new account", async () => {
    const p = await signedInUser();
    expect(await deleteOwn(p.cookie, { text: "remove", password: TEST_PASSWORD }).then((r) => r.status)).toBe(302);
    const again = await postForm(`${server.url}/auth/sign-up`, {
      email: p.email,
      password: "another-Long-passphrase-77",
      confirmPassword: "another-Long-passphrase-77",
      displayName: "New me",
      stakeholderType: "CARER",
    });
    expect(again.status).toBe(302);
    const fresh = await db.user.findUniqueOrThrow({ where: { email: p.email } });
    expect(fresh.id).not.toBe(p.user.id);
    expect(fresh.erasedAt).toBeNull();
  });
});

describe("an administrator's erasure request", () => {
  it("is refused to someone without the erasure permission, and deletes nothing", async () => {
    const subject = await signedInUser();
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const response = await postForm(
      `${server.url}/admin/users/${subject.user.id}`,
      { intent: "erase", erasureReference: "SAR-1", text: "remove", confirm: "yes" },
      commissioner.cookie,
    );
    expect(response.status).toBe(403);
    expect(await text(response)).toContain("Only administrators can carry out an erasure request");
    expect((await db.user.findUniqueOrThrow({ where: { id: subject.user.id } })).erasedAt).toBeNull();
    expect((await getPage(`${server.url}/admin/users/${subject.user.id}`, commissioner.cookie)).status).toBe(403);
  });

  it("needs a reference and a confirmation, then deletes the account and records it in the audit log", async () => {
    const subject = await signedInUser({ displayName: "Erase Me Please" });
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const incomplete = await postForm(`${server.url}/admin/users/${subject.user.id}`, { intent: "erase", erasureReference: "", text: "keep" }, admin.cookie);
    expect(incomplete.status).toBe(400);
    const page = await text(incomplete);
    expect(page).toContain("Enter the reference of the request");
    expect(page).toContain("Confirm that this account should be deleted");
    expect((await db.user.findUniqueOrThrow({ where: { id: subject.user.id } })).erasedAt).toBeNull();

    const done = await postForm(
      `${server.url}/admin/users/${subject.user.id}`,
      { intent: "erase", erasureReference: "ICO-2026-17", text: "keep", confirm: "yes" },
      admin.cookie,
    );
    expect(done.status).toBe(302);
    const row = await db.user.findUniqueOrThrow({ where: { id: subject.user.id } });
    expect(row).toMatchObject({ displayName: "Former participant", organisation: null });
    expect(row.erasedAt).not.toBeNull();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { subject: `user:${subject.user.id}`, action: "account.erased-on-request" } });
    expect(audit).toMatchObject({ actorId: admin.user.id, details: { text: "keep", reference: "ICO-2026-17" } });
    // A second request finds nothing left to delete.
    const again = await postForm(
      `${server.url}/admin/users/${subject.user.id}`,
      { intent: "erase", erasureReference: "ICO-2026-17", text: "keep", confirm: "yes" },
      admin.cookie,
    );
    expect(again.status).toBe(409);
  });
});

describe("a deleted account", () => {
  it("hears nothing more: no notification or email for a reply to the comment they kept, or for an action they owned", async () => {
    const p = await signedInUser();
    const other = await signedInUser();
    const { proposal, sections } = await createProposal();
    await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", sectionId: sections[0].id, body: "Keep this one" }, p.cookie);
    const kept = await db.comment.findFirstOrThrow({ where: { authorId: p.user.id } });
    const body = await db.body.create({
      data: { slug: `body-${crypto.randomUUID().slice(0, 8)}`, name: "Board", kind: "PARTNERSHIP_BOARD", description: "A board" },
    });
    const boardMeeting = await db.bodyMeeting.create({
      data: { bodyId: body.id, title: "Board meeting", startsAt: new Date(Date.now() - 86_400_000), endsAt: new Date(Date.now() - 82_800_000) },
    });
    await db.boardAction.create({
      data: { bodyId: body.id, meetingId: boardMeeting.id, description: "Write to the trust", ownerId: p.user.id, dueOn: new Date(Date.now() + 86_400_000) },
    });
    expect((await deleteOwn(p.cookie, { text: "keep", password: TEST_PASSWORD })).status).toBe(302);

    expect(
      (
        await postForm(
          `${server.url}/proposals/${proposal.slug}`,
          { intent: "comment", parentId: kept.id, body: `A reply from ${other.user.displayName}` },
          other.cookie,
        )
      ).status,
    ).toBe(302);
    await remindActionOwners(recordingPublisher());
    expect(await db.notification.count({ where: { userId: p.user.id } })).toBe(0);
    expect(await db.outboxEmail.count({ where: { to: `erased-${p.user.id}@erased.invalid` } })).toBe(0);
  });
});

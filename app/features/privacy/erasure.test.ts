import crypto from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { StvResult } from "#app/features/elections/counting/stv";
import { declare } from "#app/features/elections/elections.server";
import { remindActionOwners } from "#app/features/governance/actions.server";
import { startSession } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal, recordingPublisher } from "../../../test/helpers/consultations";
import { createUser, getPage, postForm, signedInUser, TEST_PASSWORD, uniqueEmail } from "../../../test/helpers/factories";
import { createMeeting } from "../../../test/helpers/meetings";
import { personWithEverything, tablesHolding, textColumns } from "../../../test/helpers/privacy";
import { socketClients } from "../../../test/helpers/socket-client";
import { DAY_MS } from "./retention";
import { applyRetentionSchedule } from "./retention.server";

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

  it("replaces their name in the notification of a reply they wrote, and nothing else in it", async () => {
    const p = await signedInUser({ displayName: "Ada" });
    const other = await signedInUser();
    const { proposal, sections } = await createProposal();
    await db.proposal.update({ where: { id: proposal.id }, data: { title: "Adaline's plan for Ada Lovelace House" } });
    const post = (cookie: string, fields: Record<string, string>) => postForm(`${server.url}/proposals/${proposal.slug}`, fields, cookie);
    await post(other.cookie, { intent: "comment", sectionId: sections[0].id, body: "What about the stairs?" });
    const theirs = await db.comment.findFirstOrThrow({ where: { authorId: other.user.id } });
    await post(p.cookie, { intent: "comment", parentId: theirs.id, body: "There is a lift." });
    const notice = await db.notification.findFirstOrThrow({ where: { userId: other.user.id, kind: "reply" } });
    expect(notice.title).toBe("Ada replied to your comment on Adaline's plan for Ada Lovelace House");

    expect(await deleteOwn(p.cookie, { text: "remove", password: TEST_PASSWORD }).then((r) => r.status)).toBe(302);
    expect((await db.notification.findUniqueOrThrow({ where: { id: notice.id } })).title).toBe(
      "Former participant replied to your comment on Adaline's plan for Ada Lovelace House",
    );
    const email = await db.outboxEmail.findFirstOrThrow({ where: { to: other.email, subject: { contains: "replied to your comment" } } });
    expect(email.subject).toBe("Former participant replied to your comment on Adaline's plan for Ada Lovelace House");
    expect(email.text).toMatch(/^Former participant replied to your comment on Adaline's plan for Ada Lovelace House\n/);
    expect((email.message as { subject: string }).subject).toBe(email.subject);
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

const latestEmailTo = (email: string) => db.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
const pathIn = (mailText: string, prefix: string) => new RegExp(`${prefix}/\\S+`).exec(mailText)![0];
const registerAsGuest = (slug: string, fields: Record<string, string | string[]>) => postForm(`${server.url}/meetings/${slug}`, fields);

describe("what is theirs is found by their account, never by an address anyone can type", () => {
  it("takes nothing from the owner of an address when someone who signed up with it deletes that account", async () => {
    const meeting = await createMeeting({ capacity: 1 });
    const victim = uniqueEmail("victim");
    const key = crypto.randomUUID();
    const registered = await registerAsGuest(meeting.slug, {
      name: "Victoria Owner",
      email: victim,
      accessNeeds: ["bsl"],
      accessOther: "A seat near the interpreter",
      idempotencyKey: key,
    });
    expect(registered.status).toBe(302);
    expect((await postForm(`${server.url}${pathIn((await latestEmailTo(victim)).text, "/meetings/confirm")}`, {})).status).toBe(200);
    await registerAsGuest(meeting.slug, { name: "Walter Waiting", email: uniqueEmail("walter") });
    const { proposal, commissioner } = await createProposal({ audience: "INVITED" });
    const invitation = await db.proposalInvitation.create({
      data: { proposalId: proposal.id, email: victim, tokenHash: crypto.randomUUID(), invitedById: commissioner.id },
    });
    const victimsMail = await db.outboxEmail.findMany({ where: { to: victim }, select: { id: true, subject: true } });
    expect(victimsMail.length).toBeGreaterThan(0);

    // Someone signs up with the victim's address (never confirming it) and deletes that account.
    expect(
      (
        await postForm(`${server.url}/auth/sign-up`, {
          email: victim,
          displayName: "Impostor",
          password: TEST_PASSWORD,
          confirmPassword: TEST_PASSWORD,
          stakeholderType: "PUBLIC",
        })
      ).status,
    ).toBe(302);
    const impostor = await db.user.findUniqueOrThrow({ where: { email: victim } });
    expect(impostor.emailVerifiedAt).toBeNull();
    const cookie = (await startSession(impostor.id)).split(";")[0];
    expect((await deleteOwn(cookie, { text: "remove", password: TEST_PASSWORD })).status).toBe(302);
    expect((await db.user.findUniqueOrThrow({ where: { id: impostor.id } })).erasedAt).not.toBeNull();

    // The victim still has their place, with their name, address and access needs; the waiting list is as it was.
    const place = await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, name: "Victoria Owner" } });
    expect(place).toMatchObject({ status: "CONFIRMED", email: victim, accessNeeds: ["bsl"], accessOther: "A seat near the interpreter", anonymisedAt: null });
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, name: "Walter Waiting" } })).status).toBe("WAITING");
    // Their emails are all still there; only the impostor's own confirmation email went.
    const after = await db.outboxEmail.findMany({ where: { to: victim }, select: { id: true, subject: true } });
    expect(after).toEqual(expect.arrayContaining(victimsMail.filter((m) => m.subject !== "Confirm your email address for Touchstone")));
    expect(after.map((m) => m.subject)).not.toContain("Confirm your email address for Touchstone");
    // Their invitation, and the key that answers their registration form sent again.
    expect((await db.proposalInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).email).toBe(victim);
    expect(await db.idempotentRequest.count({ where: { owner: `guest:${victim}`, key } })).toBe(1);
  });

  it("cancels their own place booked as a guest and not yet confirmed, so the next person waiting gets it", async () => {
    const meeting = await createMeeting({ capacity: 1 });
    const p = await signedInUser();
    const key = crypto.randomUUID();
    // Signed out, with their own address; they have not opened the emailed link yet.
    expect((await registerAsGuest(meeting.slug, { name: "Me as a guest", email: p.email, accessOther: "Large print", idempotencyKey: key })).status).toBe(302);
    const next = uniqueEmail("next");
    await registerAsGuest(meeting.slug, { name: "Next in line", email: next });
    const mine = await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: p.email } });
    expect(mine).toMatchObject({ status: "CONFIRMED", userId: null, emailConfirmedAt: null });

    expect((await deleteOwn(p.cookie, { text: "remove", password: TEST_PASSWORD })).status).toBe(302);
    expect(await db.registration.findUniqueOrThrow({ where: { id: mine.id } })).toMatchObject({
      status: "CANCELLED",
      name: "Former participant",
      accessOther: null,
    });
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: next } })).status).toBe("CONFIRMED");
    expect((await latestEmailTo(next)).subject).toBe(`Your place at ${meeting.title}`);
    expect(await db.idempotentRequest.count({ where: { owner: `guest:${p.email}` } })).toBe(0);
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

describe("their name in other people's records", () => {
  it("is replaced only where they put it: another person with the same name, an organisation such as NHS and a name that is a common word stay", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const p = await signedInUser({ displayName: "the" });
    await db.user.update({ where: { id: p.user.id }, data: { organisation: "NHS" } });
    const namesake = await signedInUser({ displayName: "the" });
    const [carol, dev] = [await signedInUser(), await signedInUser()];
    const { proposal, sections } = await createProposal();
    const title = `Review of the NHS crisis line ${tag}`;
    await db.proposal.update({ where: { id: proposal.id }, data: { title } });
    const post = (cookie: string, fields: Record<string, string>) => postForm(`${server.url}/proposals/${proposal.slug}`, fields, cookie);
    for (const person of [carol, dev]) await post(person.cookie, { intent: "comment", sectionId: sections[0].id, body: `A comment from ${person.user.id}` });
    const comment = (authorId: string) => db.comment.findFirstOrThrow({ where: { authorId } });
    await post(p.cookie, { intent: "comment", parentId: (await comment(carol.user.id)).id, body: "I agree" });
    await post(namesake.cookie, { intent: "comment", parentId: (await comment(dev.user.id)).id, body: "I agree too" });
    const advice = await db.outboxEmail.create({
      data: {
        to: dev.email,
        subject: "Out of hours",
        text: "Call NHS 111 or Samaritans; the crisis line is open.",
        message: { text: "Call NHS 111 or Samaritans" },
      },
    });

    expect((await deleteOwn(p.cookie, { text: "remove", password: TEST_PASSWORD })).status).toBe(302);

    const noticeTo = async (userId: string) => (await db.notification.findFirstOrThrow({ where: { userId, kind: "reply" } })).title;
    expect(await noticeTo(carol.user.id)).toBe(`Former participant replied to your comment on ${title}`);
    expect(await noticeTo(dev.user.id)).toBe(`the replied to your comment on ${title}`);
    const emailTo = (email: string) => db.outboxEmail.findFirstOrThrow({ where: { to: email, subject: { contains: "replied to your comment" } } });
    expect((await emailTo(carol.email)).subject).toBe(`Former participant replied to your comment on ${title}`);
    expect((await emailTo(dev.email)).subject).toBe(`the replied to your comment on ${title}`);
    expect(await db.outboxEmail.findUniqueOrThrow({ where: { id: advice.id } })).toMatchObject({
      text: "Call NHS 111 or Samaritans; the crisis line is open.",
      message: { text: "Call NHS 111 or Samaritans" },
    });
  });

  it("goes even when it is short, and erasure completes when it is a number found elsewhere", async () => {
    const jo = await signedInUser({ displayName: "Jo" });
    const numbered = await signedInUser({ displayName: "4242" });
    const other = await signedInUser();
    const { proposal, sections } = await createProposal();
    await postForm(
      `${server.url}/proposals/${proposal.slug}`,
      { intent: "comment", sectionId: sections[0].id, body: "Is 4242 the right number?" },
      other.cookie,
    );
    const theirs = await db.comment.findFirstOrThrow({ where: { authorId: other.user.id } });
    for (const person of [jo, numbered])
      await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", parentId: theirs.id, body: "A reply" }, person.cookie);
    const count = await db.auditEvent.create({ data: { action: "election.declare", subject: `election:${crypto.randomUUID()}`, details: { ballots: 4242 } } });

    for (const person of [jo, numbered]) expect((await deleteOwn(person.cookie, { text: "remove", password: TEST_PASSWORD })).status).toBe(302);
    expect((await db.user.findUniqueOrThrow({ where: { id: numbered.user.id } })).erasedAt).not.toBeNull();
    const titles = (await db.notification.findMany({ where: { userId: other.user.id, kind: "reply" } })).map((n) => n.title);
    expect(titles).toEqual([
      `Former participant replied to your comment on ${proposal.title}`,
      `Former participant replied to your comment on ${proposal.title}`,
    ]);
    expect((await db.auditEvent.findUniqueOrThrow({ where: { id: count.id } })).details).toEqual({ ballots: 4242 });
  });
});

describe("accounts never confirmed, removed by the retention schedule", () => {
  it("erases one that others depend on (a commissioner who invited someone) instead of failing, and deletes the others without touching their address's mail", async () => {
    const longAgo = new Date(Date.now() - 31 * DAY_MS);
    const commissioner = await createUser({ verified: false, roles: ["COMMISSIONER"], displayName: `Unconfirmed commissioner ${crypto.randomUUID()}` });
    const { proposal } = await createProposal({ audience: "INVITED" });
    const invitee = uniqueEmail("invitee");
    const invitation = await db.proposalInvitation.create({
      data: { proposalId: proposal.id, email: invitee, tokenHash: crypto.randomUUID(), invitedById: commissioner.user.id },
    });
    // Someone signed up with another person's address and never confirmed it.
    const owner = uniqueEmail("owner");
    const ownersMail = await db.outboxEmail.create({ data: { to: owner, subject: "Your place at the open meeting", text: "Hello Owen", message: {} } });
    const signUp = await postForm(`${server.url}/auth/sign-up`, {
      email: owner,
      displayName: "Not Owen",
      password: TEST_PASSWORD,
      confirmPassword: TEST_PASSWORD,
      stakeholderType: "PUBLIC",
    });
    expect(signUp.status).toBe(302);
    const impostor = await db.user.findUniqueOrThrow({ where: { email: owner } });
    await db.user.updateMany({ where: { id: { in: [commissioner.user.id, impostor.id] } }, data: { createdAt: longAgo } });

    const removed = await applyRetentionSchedule(recordingPublisher());
    expect(removed.unconfirmedAccounts).toBeGreaterThanOrEqual(2);
    // The commissioner's row stays, nameless, so the invitation they sent still holds together.
    expect(await db.user.findUniqueOrThrow({ where: { id: commissioner.user.id } })).toMatchObject({
      displayName: "Former participant",
      email: `erased-${commissioner.user.id}@erased.invalid`,
    });
    expect(await db.proposalInvitation.findUniqueOrThrow({ where: { id: invitation.id } })).toMatchObject({
      email: invitee,
      invitedById: commissioner.user.id,
    });
    // The other goes entirely, with its own confirmation email; the owner's mail stays.
    expect(await db.user.findUnique({ where: { id: impostor.id } })).toBeNull();
    expect(await db.outboxEmail.findUnique({ where: { id: ownersMail.id } })).not.toBeNull();
    expect(await db.outboxEmail.count({ where: { to: owner, subject: "Confirm your email address for Touchstone" } })).toBe(0);
  });
});

describe("a declared result", () => {
  it("names them “Former participant” where the count named them, and leaves a candidate whose name contains theirs", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const pat = await signedInUser({ displayName: "Pat", roles: ["FORUM_MEMBER"] });
    const patJones = await signedInUser({ displayName: "Pat Jones", roles: ["FORUM_MEMBER"] });
    // Verified service-user members: the count withdraws a candidate who can no longer stand.
    for (const { user } of [pat, patJones])
      await db.forumMembership.create({ data: { userId: user.id, category: "SERVICE_USER", postcode: "M6 5JA", residentVerified: true, status: "VERIFIED" } });
    const officer = await createUser({ roles: ["FORUM_OFFICER"] });
    const body = await db.body.create({ data: { slug: `body-${tag}`, name: `Board ${tag}`, kind: "PARTNERSHIP_BOARD", description: "A board" } });
    const seat = await db.seatDefinition.create({
      data: { bodyId: body.id, position: 1, name: `Seat ${tag}`, places: 2, voting: true, fillMethod: "ELECTED", eligibleCategories: ["SERVICE_USER"] },
    });
    const ago = (days: number) => new Date(Date.now() - days * DAY_MS);
    const election = await db.election.create({
      data: {
        slug: `pat-${tag}`,
        title: `Election ${tag}`,
        seatId: seat.id,
        places: 1,
        constituency: ["SERVICE_USER"],
        nominationsOpenAt: ago(30),
        nominationsCloseAt: ago(20),
        votingOpenAt: ago(10),
        votingCloseAt: ago(1),
        salt: tag,
        lotSeed: tag,
        createdById: officer.user.id,
      },
    });
    const nominate = (candidateId: string) =>
      db.nomination.create({
        data: { electionId: election.id, candidateId, nominatedById: candidateId, statement: "", acceptedAt: ago(25), confirmedAt: ago(22) },
      });
    const [first, second] = [await nominate(pat.user.id), await nominate(patJones.user.id)];
    await db.ballot.createMany({
      data: [[first.id, second.id], [first.id], [second.id, first.id]].map((ranking) => ({ id: crypto.randomUUID(), electionId: election.id, ranking })),
    });
    const declared = await declare({ ...officer.user, emailVerified: true, roles: ["FORUM_OFFICER"] }, election.slug, "", recordingPublisher());
    expect(declared.ok).toBe(true);
    const before = (await db.election.findUniqueOrThrow({ where: { id: election.id } })).result as unknown as StvResult;
    expect(before.candidates).toEqual(["Pat", "Pat Jones"]);
    expect(before.elected).toEqual(["Pat"]);

    expect((await deleteOwn(pat.cookie, { text: "keep", password: TEST_PASSWORD })).status).toBe(302);
    const after = (await db.election.findUniqueOrThrow({ where: { id: election.id } })).result as unknown as StvResult;
    expect(after.candidates).toEqual(["Former participant", "Pat Jones"]);
    expect(after.elected).toEqual(["Former participant"]);
    expect(after.stages.flatMap((s) => s.elected)).toEqual(["Former participant"]);
    expect(JSON.stringify(after)).not.toMatch(/"Pat"|Pat[^ ]|Pat (?!Jones)/);
    const audit = await db.auditEvent.findFirstOrThrow({ where: { subject: `election:${election.id}`, action: "election.declare" } });
    expect(audit.details).toMatchObject({ elected: ["Former participant"] });
    const page = await text(await getPage(`${server.url}/elections/${election.slug}/results`));
    expect(page).toContain("Pat Jones");
    expect(page).not.toContain("Former participant Jones");
  });
});

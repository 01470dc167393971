import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { recordingPublisher } from "../../../test/helpers/consultations";
import { createUser, getPage, postForm, signedInUser, uniqueEmail } from "../../../test/helpers/factories";
import { createMeeting } from "../../../test/helpers/meetings";
import { DAY_MS, RETENTION_RULES } from "./retention";
import { applyRetentionSchedule } from "./retention.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await db.retentionSetting.deleteMany({});
  await server.close();
});

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");
const apply = (now: Date) => applyRetentionSchedule(recordingPublisher(), now);

async function guestAt(meetingId: string, fields: { name: string; accessOther?: string }) {
  return db.registration.create({
    data: {
      meetingId,
      name: fields.name,
      email: uniqueEmail("guest"),
      code: crypto.randomUUID().slice(0, 6),
      cancelTokenHash: crypto.randomUUID(),
      status: "CONFIRMED",
      accessNeeds: ["bsl"],
      accessOther: fields.accessOther ?? null,
    },
  });
}

describe("the retention schedule", () => {
  it("erases access needs 30 days after the meeting, keeping only the totals, once", async () => {
    const m = await createMeeting();
    const r = await guestAt(m.id, { name: "Al", accessOther: "Personal detail" });
    // Other tests' meetings share this database, so the checks are on this meeting's rows.
    await apply(new Date(m.endsAt.getTime() + 29 * DAY_MS));
    expect((await db.registration.findUniqueOrThrow({ where: { id: r.id } })).accessNeeds).toEqual(["bsl"]);
    const later = new Date(m.endsAt.getTime() + 31 * DAY_MS);
    expect((await apply(later)).accessNeeds).toBeGreaterThanOrEqual(1);
    expect(await db.registration.findUniqueOrThrow({ where: { id: r.id } })).toMatchObject({ accessNeeds: [], accessOther: null });
    const meeting = await db.meeting.findUniqueOrThrow({ where: { id: m.id } });
    expect(meeting.accessNeedsSummary).toEqual({ bsl: 1, other: 1 });
    // Running again changes nothing more: the totals stay.
    await apply(later);
    expect((await db.meeting.findUniqueOrThrow({ where: { id: m.id } })).accessNeedsSummary).toEqual({ bsl: 1, other: 1 });
    expect((await db.meeting.findUniqueOrThrow({ where: { id: m.id } })).accessNeedsErasedAt).toEqual(meeting.accessNeedsErasedAt);
  });

  it("anonymises guests' registrations after the period but keeps them counted; people with accounts are untouched", async () => {
    const m = await createMeeting();
    const guest = await guestAt(m.id, { name: "Gina Guest" });
    const member = await createUser();
    const theirs = await db.registration.create({
      data: {
        meetingId: m.id,
        userId: member.user.id,
        name: "Member Mo",
        email: member.email,
        code: crypto.randomUUID().slice(0, 6),
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
      },
    });
    const due = new Date(m.endsAt.getTime() + (RETENTION_RULES.guestRegistrations.defaultDays + 1) * DAY_MS);
    await apply(new Date(m.endsAt.getTime() + 10 * DAY_MS));
    expect(await db.registration.findUniqueOrThrow({ where: { id: guest.id } })).toMatchObject({ name: "Gina Guest" });
    expect((await apply(due)).guestRegistrations).toBeGreaterThanOrEqual(1);
    const after = await db.registration.findUniqueOrThrow({ where: { id: guest.id } });
    expect(after).toMatchObject({ name: "Guest", email: `guest-${guest.id}@erased.invalid`, status: "CONFIRMED" });
    expect(await db.registration.findUniqueOrThrow({ where: { id: theirs.id } })).toMatchObject({ name: "Member Mo", email: member.email });
    expect(await db.registration.count({ where: { meetingId: m.id } })).toBe(2);
    expect((await apply(due)).guestRegistrations ?? 0).toBe(0);
  });

  it("takes a guest's address out of the emails about their place when the registration is anonymised; a member's emails keep theirs", async () => {
    const m = await createMeeting();
    const address = uniqueEmail("gail");
    expect((await postForm(`${server.url}/meetings/${m.slug}`, { name: "Gail Guest", email: address })).status).toBe(302);
    const member = await signedInUser();
    expect((await postForm(`${server.url}/meetings/${m.slug}`, {}, member.cookie)).status).toBe(302);
    const about = (to: string) => db.outboxEmail.findMany({ where: { OR: [{ to }, { message: { path: ["to"], equals: to } }] } });
    expect(await about(address)).toHaveLength(1);
    expect(await about(member.email)).toHaveLength(1);

    await apply(new Date(m.endsAt.getTime() + (RETENTION_RULES.guestRegistrations.defaultDays + 1) * DAY_MS));
    expect(await about(address)).toEqual([]);
    const guest = await db.registration.findFirstOrThrow({ where: { meetingId: m.id, userId: null } });
    expect(await db.outboxEmail.count({ where: { to: guest.email } })).toBe(1);
    expect(await about(member.email)).toHaveLength(1);
  });

  it("deletes email text after delivery plus the period, keeping the delivery record", async () => {
    const to = uniqueEmail("mail");
    const sentAt = new Date(Date.now() - 40 * DAY_MS);
    const mail = await db.outboxEmail.create({
      data: {
        to,
        subject: "Your place",
        text: "Private words",
        html: "<p>Private words</p>",
        message: { to, subject: "Your place", text: "Private words", html: "<p>Private words</p>" },
        sentAt,
      },
    });
    const unsent = await db.outboxEmail.create({
      data: { to, subject: "Queued", text: "Still to send", message: { to, text: "Still to send" }, sentAt: null, createdAt: sentAt },
    });
    expect((await apply(new Date())).emailText).toBeGreaterThanOrEqual(1);
    expect(await db.outboxEmail.findUniqueOrThrow({ where: { id: mail.id } })).toMatchObject({
      to,
      subject: "Your place",
      text: "",
      html: null,
      message: { to, subject: "Your place" },
      sentAt,
    });
    expect((await db.outboxEmail.findUniqueOrThrow({ where: { id: unsent.id } })).text).toBe("Still to send");
    expect((await apply(new Date())).emailText ?? 0).toBe(0);
  });

  it("deletes accounts never confirmed after the period; a confirmed or recent one stays", async () => {
    const old = await createUser({ verified: false });
    const recent = await createUser({ verified: false });
    const confirmed = await createUser();
    const longAgo = new Date(Date.now() - 31 * DAY_MS);
    await db.user.updateMany({ where: { id: { in: [old.user.id, confirmed.user.id] } }, data: { createdAt: longAgo } });
    expect((await apply(new Date())).unconfirmedAccounts).toBeGreaterThanOrEqual(1);
    expect(await db.user.findUnique({ where: { id: old.user.id } })).toBeNull();
    expect(await db.user.findUnique({ where: { id: recent.user.id } })).not.toBeNull();
    expect(await db.user.findUnique({ where: { id: confirmed.user.id } })).not.toBeNull();
    expect((await apply(new Date())).unconfirmedAccounts ?? 0).toBe(0);
  });

  it("deletes the record of an emailed link a week after the link expires, and not before", async () => {
    const person = await createUser();
    const long = await db.accountToken.create({
      data: { tokenHash: crypto.randomUUID(), userId: person.user.id, purpose: "PASSWORD_RESET", expiresAt: new Date(Date.now() - 8 * DAY_MS) },
    });
    const recent = await db.accountToken.create({
      data: { tokenHash: crypto.randomUUID(), userId: person.user.id, purpose: "UNSUBSCRIBE", expiresAt: new Date(Date.now() - DAY_MS) },
    });
    const removed = await apply(new Date());
    expect(removed.emailedLinks).toBeGreaterThanOrEqual(1);
    expect(await db.accountToken.findUnique({ where: { tokenHash: long.tokenHash } })).toBeNull();
    expect(await db.accountToken.findUnique({ where: { tokenHash: recent.tokenHash } })).not.toBeNull();
  });

  it("deletes expired sessions, old realtime events and expired copies of data; keeps the audit log", async () => {
    const person = await createUser();
    const expired = await db.session.create({ data: { id: crypto.randomUUID(), userId: person.user.id, expiresAt: new Date(Date.now() - 1000) } });
    const live = await db.session.create({ data: { id: crypto.randomUUID(), userId: person.user.id, expiresAt: new Date(Date.now() + DAY_MS) } });
    const oldEvent = await db.realtimeEvent.create({ data: { room: "test:retention", name: "x", payload: {}, createdAt: new Date(Date.now() - 8 * DAY_MS) } });
    const newEvent = await db.realtimeEvent.create({ data: { room: "test:retention", name: "x", payload: {} } });
    const copy = await db.dataExport.create({
      data: { subjectId: person.user.id, requestedById: person.user.id, status: "READY", archive: Buffer.from("zip"), expiresAt: new Date(Date.now() - 1000) },
    });
    const audit = await db.auditEvent.create({
      data: { action: "test.kept", subject: `user:${person.user.id}`, createdAt: new Date(Date.now() - 3650 * DAY_MS) },
    });
    const removed = await apply(new Date());
    expect(removed.sessions).toBeGreaterThanOrEqual(1);
    expect(removed.realtimeEvents).toBeGreaterThanOrEqual(1);
    expect(removed.dataExports).toBeGreaterThanOrEqual(1);
    expect(removed).not.toHaveProperty("auditLog");
    expect(await db.session.findUnique({ where: { id: expired.id } })).toBeNull();
    expect(await db.session.findUnique({ where: { id: live.id } })).not.toBeNull();
    expect(await db.realtimeEvent.findUnique({ where: { id: oldEvent.id } })).toBeNull();
    expect(await db.realtimeEvent.findUnique({ where: { id: newEvent.id } })).not.toBeNull();
    expect(await db.dataExport.findUnique({ where: { id: copy.id } })).toBeNull();
    expect(await db.auditEvent.findUnique({ where: { id: audit.id } })).not.toBeNull();
    // Nothing more on a second run.
    const again = await apply(new Date());
    expect(again.sessions ?? 0).toBe(0);
    expect(again.dataExports ?? 0).toBe(0);
  });
});

describe("when a rule fails", () => {
  it("logs it without personal data and still applies every other rule, and deletes the other unconfirmed accounts", async () => {
    const tag = crypto.randomUUID().slice(0, 8).replace(/-/g, "");
    // Two rows the database will refuse to change, quoting the address in its error as
    // PostgreSQL does: an unconfirmed account that cannot be deleted, and a guest registration
    // that cannot be anonymised (which stops that whole rule's single statement).
    const stuck = await createUser({ verified: false, email: uniqueEmail(`stuck${tag}`) });
    const other = await createUser({ verified: false });
    const m = await createMeeting();
    const guest = await guestAt(m.id, { name: `Refusing Rita ${tag}` });
    const longAgo = new Date(Date.now() - 31 * DAY_MS);
    await db.user.updateMany({ where: { id: { in: [stuck.user.id, other.user.id] } }, data: { createdAt: longAgo } });
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse_${tag}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'refused %', OLD.email; END $$`);
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_user_${tag} BEFORE UPDATE OR DELETE ON "User" FOR EACH ROW WHEN (OLD.id = '${stuck.user.id}') EXECUTE FUNCTION refuse_${tag}()`,
    );
    await db.$executeRawUnsafe(
      `CREATE TRIGGER refuse_registration_${tag} BEFORE UPDATE ON "Registration" FOR EACH ROW WHEN (OLD.id = '${guest.id}' AND NEW.name IS DISTINCT FROM OLD.name) EXECUTE FUNCTION refuse_${tag}()`,
    );
    try {
      // Work for the rules after the failing ones.
      const person = await createUser();
      const session = await db.session.create({ data: { id: crypto.randomUUID(), userId: person.user.id, expiresAt: new Date(Date.now() - 1000) } });
      const copy = await db.dataExport.create({
        data: {
          subjectId: person.user.id,
          requestedById: person.user.id,
          status: "READY",
          archive: Buffer.from("zip"),
          expiresAt: new Date(Date.now() - 1000),
        },
      });
      const link = await db.accountToken.create({
        data: { tokenHash: crypto.randomUUID(), userId: person.user.id, purpose: "PASSWORD_RESET", expiresAt: new Date(Date.now() - 8 * DAY_MS) },
      });
      const event = await db.realtimeEvent.create({ data: { room: "test:retention", name: "x", payload: {}, createdAt: new Date(Date.now() - 8 * DAY_MS) } });

      const logged: { details: Record<string, unknown>; message: string }[] = [];
      const due = new Date(m.endsAt.getTime() + (RETENTION_RULES.guestRegistrations.defaultDays + 1) * DAY_MS);
      const removed = await applyRetentionSchedule(recordingPublisher(), due, { error: (details, message) => logged.push({ details, message }) });

      expect(await db.user.findUnique({ where: { id: other.user.id } })).toBeNull();
      expect(await db.user.findUnique({ where: { id: stuck.user.id } })).not.toBeNull();
      expect(removed.unconfirmedAccounts).toBeGreaterThanOrEqual(1);
      expect(await db.session.findUnique({ where: { id: session.id } })).toBeNull();
      expect(await db.dataExport.findUnique({ where: { id: copy.id } })).toBeNull();
      expect(await db.accountToken.findUnique({ where: { tokenHash: link.tokenHash } })).toBeNull();
      expect(await db.realtimeEvent.findUnique({ where: { id: event.id } })).toBeNull();

      expect(logged.map((l) => l.details.rule).sort()).toEqual(["guestRegistrations", "unconfirmedAccounts"]);
      const lines = JSON.stringify(logged);
      for (const personal of [stuck.email, stuck.user.id, guest.email, guest.id, `Refusing Rita ${tag}`]) expect(lines).not.toContain(personal);
    } finally {
      await db.$executeRawUnsafe(`DROP FUNCTION refuse_${tag}() CASCADE`);
    }
    // Once the row can be changed again, the next run deletes the account.
    await apply(new Date());
    expect(await db.user.findUnique({ where: { id: stuck.user.id } })).toBeNull();
  });
});

describe("changing the periods", () => {
  it("lets an administrator change a period, which the schedule and the privacy notice then follow", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const before = await text(await getPage(`${server.url}/privacy`));
    expect(before).toContain("30 days after the meeting; then the details are erased");
    const version = /version ([0-9a-f]{12})/.exec(before)![1];

    const fields = { accessNeeds: "14", guestRegistrations: "90", emailText: "30", unconfirmedAccounts: "30", dataExports: "7", realtimeEvents: "7" };
    const saved = await postForm(`${server.url}/admin/retention`, fields, admin.cookie);
    expect(saved.status).toBe(200);
    const after = await text(await getPage(`${server.url}/privacy`));
    expect(after).toContain("14 days after the meeting; then the details are erased");
    expect(/version ([0-9a-f]{12})/.exec(after)![1]).not.toBe(version);
    expect(await db.auditEvent.count({ where: { actorId: admin.user.id, action: "retention.change" } })).toBe(1);

    const m = await createMeeting();
    await guestAt(m.id, { name: "Early" });
    await apply(new Date(m.endsAt.getTime() + 15 * DAY_MS));
    expect((await db.meeting.findUniqueOrThrow({ where: { id: m.id } })).accessNeedsErasedAt).not.toBeNull();
    await postForm(`${server.url}/admin/retention`, { ...fields, accessNeeds: "30" }, admin.cookie);
  });

  it("refuses a period out of bounds, saying which, and changes nothing; others may not change them at all", async () => {
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const response = await postForm(
      `${server.url}/admin/retention`,
      { accessNeeds: "0", guestRegistrations: "ninety", emailText: "30", unconfirmedAccounts: "30", dataExports: "7", realtimeEvents: "7" },
      admin.cookie,
    );
    expect(response.status).toBe(400);
    const page = await text(response);
    expect(page).toContain("Enter a whole number of days from 1 to 365");
    expect(page).toContain("Enter a whole number of days from 1 to 730");
    expect(await db.retentionSetting.count({ where: { rule: "guestRegistrations" } })).toBe(0);

    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    expect((await postForm(`${server.url}/admin/retention`, { accessNeeds: "1" }, commissioner.cookie)).status).toBe(403);
    expect((await getPage(`${server.url}/admin/retention`, commissioner.cookie)).status).toBe(403);
  });
});

describe("the privacy notice", () => {
  it("says who can see each kind of data from the roles' permissions, and records the version accepted at sign-up", async () => {
    const page = await text(await getPage(`${server.url}/privacy`));
    // Access needs are seen by the roles that may organise meetings.
    const row = page.slice(page.indexOf("Access needs you give for a meeting"));
    expect(row.slice(0, row.indexOf("</tr>"))).toContain("You, Forum officers, Commissioners");
    const rowOf = (data: string) => page.slice(page.indexOf(data), page.indexOf("</tr>", page.indexOf(data)));
    // Organisers see the addresses of the people registered for meetings; an organisation named
    // on a comment is public; a registration made with an account is not erased after the meeting.
    expect(rowOf("Your email address")).toContain("Forum officers and Commissioners, for the meetings you register for");
    expect(rowOf("Your organisation, if you give one")).toContain("everyone, beside a comment you post on its behalf");
    expect(rowOf("The meetings you register for with your account")).toContain("Until you delete your account");
    expect(rowOf("when you register for a meeting without an account")).toContain("the name and email address are erased");
    const version = /version ([0-9a-f]{12})/.exec(page)![1];
    const email = uniqueEmail("signup");
    const signUp = await postForm(`${server.url}/auth/sign-up`, {
      email,
      password: "a-Long-signup-passphrase-1",
      confirmPassword: "a-Long-signup-passphrase-1",
      displayName: "Newcomer",
      stakeholderType: "CARER",
    });
    expect(signUp.status).toBe(302);
    expect((await db.user.findUniqueOrThrow({ where: { email } })).privacyNoticeVersion).toBe(version);
  });
});

import crypto from "node:crypto";
import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, signedInUser, uniqueEmail } from "../../../test/helpers/factories";
import { recordingPublisher } from "../../../test/helpers/consultations";
import { createMeeting } from "../../../test/helpers/meetings";
import { runMeetingSchedule } from "./registrations.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

const guest = (slug: string, fields: Record<string, string | string[]>) => postForm(`${server.url}/meetings/${slug}`, fields);
const cancelLink = (emailText: string) => /\/meetings\/cancel\/\S+/.exec(emailText)![0];

/** The event in a queued email's calendar file, as a calendar app reads it. */
function calendarEvent(mail: { message: unknown }) {
  const attachment = (mail.message as { attachments: { filename: string; content: string; encoding?: string }[] }).attachments[0];
  expect(attachment.filename).toBe("meeting.ics");
  const ics = attachment.encoding === "base64" ? Buffer.from(attachment.content, "base64").toString() : attachment.content;
  return new ICAL.Event(new ICAL.Component(ICAL.parse(ics)).getFirstSubcomponent("vevent")!);
}

describe("registering for a meeting", () => {
  it("refuses a guest without a name or with a bad email, saying which, and writes nothing", async () => {
    const m = await createMeeting();
    const response = await guest(m.slug, { name: "", email: "not-an-email" });
    expect(response.status).toBe(400);
    const html = await text(response);
    expect(html).toContain("Enter your name");
    expect(html).toContain("Enter an email address in the correct format, like name@example.com");
    expect(await db.registration.count({ where: { meetingId: m.id } })).toBe(0);
  });

  it("confirms a guest with a code, their access needs, and an email with a calendar file", async () => {
    const m = await createMeeting();
    const email = uniqueEmail("guest");
    const response = await guest(m.slug, { name: "Gwen", email, accessNeeds: ["wheelchair", "bsl"], accessOther: "Step-free route from the bus stop, please" });
    expect(response.status).toBe(302);
    const registration = await db.registration.findFirstOrThrow({ where: { meetingId: m.id, email } });
    expect(registration).toMatchObject({ status: "CONFIRMED", accessNeeds: ["wheelchair", "bsl"], places: 1 });
    expect(registration.code).toMatch(/^[A-Z2-9]{6}$/);
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: email } });
    expect(mail.subject).toBe(`Your place at ${m.title}`);
    expect(mail.text).toContain(registration.code);
    const event = calendarEvent(mail);
    expect(event.summary).toBe(m.title);
    expect(event.startDate.toJSDate().getTime()).toBe(m.startsAt.getTime());
    expect(event.location).toContain("Hemsley House");

    const again = await guest(m.slug, { name: "Gwen", email: email.toUpperCase() });
    expect(again.status).toBe(409);
    expect(await text(again)).toContain("This email address is already registered for this meeting");
    // The refused registration queued no second email; the one queued is what is sent.
    const queued = await db.outboxEmail.findMany({ where: { to: { in: [email, email.toUpperCase()] } } });
    expect(queued).toHaveLength(1);
    expect(queued[0].message).toMatchObject({ to: email, subject: queued[0].subject, text: queued[0].text });
    expect(queued[0].text).not.toMatch(/\uE000/);
  });

  it("emails the meeting as it is at the moment of registering, and opens and closes with the organiser's changes at once", async () => {
    const m = await createMeeting();
    // The server now has its own copy of the meeting, read for the first registration.
    expect((await guest(m.slug, { name: "Ann", email: uniqueEmail("first") })).status).toBe(302);
    await db.meeting.update({ where: { id: m.id }, data: { title: `Moved ${m.slug}`, venueName: "Salford Civic Centre", venueAddress: "Chorley Road" } });
    const second = uniqueEmail("second");
    expect((await guest(m.slug, { name: "Ben", email: second })).status).toBe(302);
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: second } });
    expect(mail.subject).toBe(`Your place at Moved ${m.slug}`);
    expect(mail.text).toContain("Where: Salford Civic Centre, Chorley Road");
    expect(calendarEvent(mail).summary).toBe(`Moved ${m.slug}`);

    // Closed early by the organiser: refused at once, and nothing written.
    await db.meeting.update({ where: { id: m.id }, data: { registrationClosesAt: new Date(Date.now() - 60_000) } });
    const late = uniqueEmail("late");
    const refused = await guest(m.slug, { name: "Cat", email: late });
    expect(refused.status).toBe(409);
    expect(await text(refused)).toContain("Registration for this meeting is closed");
    // Opened again: taken at once, though the server last saw it closed.
    await db.meeting.update({ where: { id: m.id }, data: { registrationClosesAt: new Date(m.startsAt.getTime() - 3_600_000) } });
    expect((await guest(m.slug, { name: "Cat", email: late })).status).toBe(302);
    expect(await db.registration.count({ where: { meetingId: m.id } })).toBe(3);
  });

  it("gives a form sent again after registration closed the answer it got the first time", async () => {
    const m = await createMeeting();
    const form = { name: "Dee", email: uniqueEmail("again"), idempotencyKey: crypto.randomUUID() };
    const first = await guest(m.slug, form);
    expect(first.status).toBe(302);
    await db.meeting.update({ where: { id: m.id }, data: { registrationClosesAt: new Date(Date.now() - 60_000) } });
    const again = await guest(m.slug, form);
    expect(again.status).toBe(302);
    expect(again.headers.get("location")).toBe(first.headers.get("location"));
    // A new form from someone else is refused.
    expect((await guest(m.slug, { name: "Eli", email: uniqueEmail("closed") })).status).toBe(409);
    expect(await db.registration.count({ where: { meetingId: m.id } })).toBe(1);
  });

  it("registers someone signed in in one step, and a supporter takes a place", async () => {
    const m = await createMeeting({ capacity: 2 });
    const person = await signedInUser();
    expect((await postForm(`${server.url}/meetings/${m.slug}`, { supporter: "on" }, person.cookie)).status).toBe(302);
    expect(await db.registration.findFirstOrThrow({ where: { meetingId: m.id } })).toMatchObject({
      email: person.email,
      userId: person.user.id,
      places: 2,
      status: "CONFIRMED",
    });
    // Their email names the supporter's place; signed in, their address needs no confirming: only a cancel link.
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: person.email } });
    expect(mail.text).toContain(`Hello ${person.user.displayName},\n\nYou have a place for you and your supporter at ${m.title}.\n`);
    expect(mail.text).toMatch(/\/meetings\/cancel\/\S+/);
    expect(mail.text).not.toContain("/meetings/confirm/");
    const next = await guest(m.slug, { name: "Late", email: uniqueEmail() });
    expect(next.status).toBe(302);
    expect(new URL(next.headers.get("location")!, server.url).searchParams.get("status")).toBe("waiting");
  });

  it("refuses registration when it is closed or the meeting has passed", async () => {
    for (const m of [await createMeeting({ registrationClosed: true }), await createMeeting({ startsIn: -5 })]) {
      const response = await guest(m.slug, { name: "Too late", email: uniqueEmail() });
      expect(response.status).toBe(409);
      expect(await db.registration.count({ where: { meetingId: m.id } })).toBe(0);
    }
  });

  it("never exceeds the capacity: 200 registrations at once for 50 places", async () => {
    const m = await createMeeting({ capacity: 50 });
    const emails = Array.from({ length: 200 }, (_, i) => uniqueEmail(`race${i}`));
    const responses = await Promise.all(emails.map((email, i) => guest(m.slug, { name: `Person ${i}`, email })));
    expect(responses.every((r) => r.status === 302)).toBe(true);
    expect(await db.registration.count({ where: { meetingId: m.id, status: "CONFIRMED" } })).toBe(50);
    const waiting = await db.registration.findMany({ where: { meetingId: m.id, status: "WAITING" }, select: { id: true } });
    expect(waiting).toHaveLength(150);
    const { waitingPosition } = await import("./registrations.server");
    const positions = await Promise.all(waiting.map((w) => waitingPosition(w.id)));
    expect([...positions].sort((a, b) => a! - b!)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    // Each person waiting is told their own place in the queue.
    const told = (
      await db.outboxEmail.findMany({ where: { to: { in: emails }, subject: { startsWith: "You are on the waiting list" } }, select: { text: true } })
    ).map((mail) => Number(/number (\d+) on the waiting list/.exec(mail.text)![1]));
    expect(told.sort((a, b) => a - b)).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
  });

  it("takes someone back who cancelled, with the same code, at the back of the queue", async () => {
    const m = await createMeeting({ capacity: 1 });
    const [first, second] = [uniqueEmail("back1"), uniqueEmail("back2")];
    await guest(m.slug, { name: "First", email: first });
    const code = (await db.registration.findFirstOrThrow({ where: { meetingId: m.id, email: first } })).code;
    expect((await postForm(`${server.url}${cancelLink((await db.outboxEmail.findFirstOrThrow({ where: { to: first } })).text)}`, {})).status).toBe(200);
    await guest(m.slug, { name: "Second", email: second });
    const again = await guest(m.slug, { name: "First again", email: first });
    expect(again.status).toBe(302);
    expect(await db.registration.findFirstOrThrow({ where: { meetingId: m.id, email: first } })).toMatchObject({
      status: "WAITING",
      code,
      name: "First again",
      cancelledAt: null,
    });
    const mail = (await db.outboxEmail.findMany({ where: { to: first }, orderBy: { createdAt: "desc" } }))[0];
    expect(mail.text).toContain("number 1 on the waiting list");
    expect(mail.text).toContain(code);
  });
});

describe("cancelling and the waiting list", () => {
  it("cancels by the emailed link, confirms the first person waiting and emails them; the link works once", async () => {
    const m = await createMeeting({ capacity: 1 });
    const [first, second, third] = [uniqueEmail("first"), uniqueEmail("second"), uniqueEmail("third")];
    // A name is written into the email as typed, even one that looks like a replacement pattern.
    const names = { [first]: "Ann", [second]: "Sam $& O'Neil", [third]: "Kit" };
    for (const email of [first, second, third]) await guest(m.slug, { name: names[email], email });
    const link = cancelLink((await db.outboxEmail.findFirstOrThrow({ where: { to: first } })).text);
    expect(await text(await getPage(`${server.url}${link}`))).toContain("Cancel your place");
    expect((await postForm(`${server.url}${link}`, {})).status).toBe(200);
    expect(await db.registration.findFirstOrThrow({ where: { meetingId: m.id, email: first } })).toMatchObject({ status: "CANCELLED" });
    expect(await db.registration.findFirstOrThrow({ where: { meetingId: m.id, email: second } })).toMatchObject({ status: "CONFIRMED" });
    expect(await db.registration.findFirstOrThrow({ where: { meetingId: m.id, email: third } })).toMatchObject({ status: "WAITING" });
    const promoted = (await db.outboxEmail.findMany({ where: { to: second }, orderBy: { createdAt: "desc" } }))[0];
    expect(promoted.subject).toBe(`Your place at ${m.title}`);
    expect(promoted.text.startsWith(`Hello Sam $& O'Neil,\n\nYou have a place at ${m.title}.\n`)).toBe(true);
    // Not yet confirmed, so a fresh confirmation link; their cancel link came with their first email.
    expect(promoted.text).toMatch(/\/meetings\/confirm\/\S+/);
    expect(promoted.text).not.toContain("/meetings/cancel/");
    expect(calendarEvent(promoted).summary).toBe(m.title);

    const used = await postForm(`${server.url}${link}`, {});
    expect(used.status).toBe(409);
    expect((await getPage(`${server.url}/meetings/cancel/forged-token`)).status).toBe(404);
    expect(await db.registration.count({ where: { meetingId: m.id, status: "CONFIRMED" } })).toBe(1);
  });

  it("lets organisers raise the capacity (confirming the queue) but not lower it below who is confirmed", async () => {
    const m = await createMeeting({ capacity: 2 });
    for (let i = 0; i < 4; i++) await guest(m.slug, { name: `P${i}`, email: uniqueEmail(`cap${i}`) });
    const organiser = await signedInUser({ roles: ["COMMISSIONER"] });
    const lower = await postForm(`${server.url}/meetings/${m.slug}/organise`, { intent: "capacity", capacity: "1" }, organiser.cookie);
    expect(lower.status).toBe(409);
    expect(await text(lower)).toContain("2 places are already confirmed: the capacity cannot go below that");
    expect((await postForm(`${server.url}/meetings/${m.slug}/organise`, { intent: "capacity", capacity: "0" }, organiser.cookie)).status).toBe(400);
    expect((await postForm(`${server.url}/meetings/${m.slug}/organise`, { intent: "capacity", capacity: "3" }, organiser.cookie)).status).toBe(302);
    expect(await db.registration.count({ where: { meetingId: m.id, status: "CONFIRMED" } })).toBe(3);
  });
});

describe("organisers", () => {
  it("alone see the attendee list, access needs and CSV, and check people in by code", async () => {
    const m = await createMeeting();
    const email = uniqueEmail("door");
    await guest(m.slug, { name: "Dora", email, accessNeeds: ["wheelchair"] });
    await guest(m.slug, { name: "Eli", email: uniqueEmail(), accessNeeds: ["wheelchair", "large-print"] });
    const stakeholder = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    for (const path of ["organise", "attendees.csv", "check-in"])
      expect((await getPage(`${server.url}/meetings/${m.slug}/${path}`, stakeholder.cookie)).status).toBe(403);
    expect(await text(await getPage(`${server.url}/meetings/${m.slug}`))).not.toContain("Dora");

    const organiser = await signedInUser({ roles: ["FORUM_OFFICER"] });
    const page = await text(await getPage(`${server.url}/meetings/${m.slug}/organise`, organiser.cookie));
    expect(page).toContain("2 × wheelchair space, 1 × large print");
    const csv = await text(await getPage(`${server.url}/meetings/${m.slug}/attendees.csv`, organiser.cookie));
    expect(csv).toContain("code,name,email,status,places,access needs,other needs,registered,cancelled,attended");
    expect(csv).toContain(`Dora,${email},CONFIRMED,1,wheelchair`);

    const registration = await db.registration.findFirstOrThrow({ where: { meetingId: m.id, email } });
    const found = await text(await getPage(`${server.url}/meetings/${m.slug}/check-in?q=${registration.code}`, organiser.cookie));
    expect(found).toContain("Dora");
    expect(await text(await getPage(`${server.url}/meetings/${m.slug}/check-in?q=ZZZZZZ`, organiser.cookie))).toContain("No confirmed registration matches");
    expect(
      (await postForm(`${server.url}/meetings/${m.slug}/check-in`, { intent: "check-in", registrationId: registration.id }, organiser.cookie)).status,
    ).toBe(200);
    expect((await postForm(`${server.url}/meetings/${m.slug}/check-in`, { intent: "check-in", registrationId: "unknown" }, organiser.cookie)).status).toBe(404);
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).attendedAt).not.toBeNull();
  });
});

describe("timed work", () => {
  it("reminds confirmed people two days before, once; a guest who has not confirmed their address is not reminded", async () => {
    const m = await createMeeting({ startsIn: 40 });
    const email = uniqueEmail("remind");
    const unconfirmed = uniqueEmail("unconfirmed");
    await guest(m.slug, { name: "Rae", email });
    await guest(m.slug, { name: "Una", email: unconfirmed });
    const confirmLink = /\/meetings\/confirm\/\S+/.exec((await db.outboxEmail.findFirstOrThrow({ where: { to: email } })).text)![0];
    expect((await postForm(`${server.url}${confirmLink}`, {})).status).toBe(200);
    const member = await signedInUser();
    expect((await postForm(`${server.url}/meetings/${m.slug}`, {}, member.cookie)).status).toBe(302);
    await runMeetingSchedule(recordingPublisher());
    await runMeetingSchedule(recordingPublisher());
    expect(await db.outboxEmail.count({ where: { to: email, subject: { startsWith: "Reminder:" } } })).toBe(1);
    expect(await db.outboxEmail.count({ where: { to: unconfirmed, subject: { startsWith: "Reminder:" } } })).toBe(0);
    // Someone with an account sees it in Touchstone too, with one reminder email, not two.
    expect(await db.notification.count({ where: { userId: member.user.id, kind: "meeting-reminder" } })).toBe(1);
    expect(await db.outboxEmail.count({ where: { to: member.email, subject: { startsWith: "Reminder:" } } })).toBe(1);
    // Each reminder carries the meeting's calendar file.
    for (const to of [email, member.email]) {
      const event = calendarEvent(await db.outboxEmail.findFirstOrThrow({ where: { to, subject: { startsWith: "Reminder:" } } }));
      expect(event.summary).toBe(m.title);
      expect(event.startDate.toJSDate().getTime()).toBe(m.startsAt.getTime());
    }
  });
});

describe("the online link", () => {
  it("is on the page for people with a confirmed place and organisers, never in anyone else's loader data", async () => {
    const m = await createMeeting({ capacity: 1 });
    const link = `https://meet.example.test/${m.slug}-private`;
    await db.meeting.update({ where: { id: m.id }, data: { onlineUrl: link } });
    const [placed, waiting, passerby] = [await signedInUser(), await signedInUser(), await signedInUser()];
    const organiser = await signedInUser({ roles: ["COMMISSIONER"] });
    await postForm(`${server.url}/meetings/${m.slug}`, {}, placed.cookie);
    await postForm(`${server.url}/meetings/${m.slug}`, {}, waiting.cookie);
    const data = (cookie?: string) => getPage(`${server.url}/meetings/${m.slug}?_data=routes/meetings%2B/$slug`, cookie).then((r) => r.text());
    expect(await data()).not.toContain(link);
    expect(await data(passerby.cookie)).not.toContain(link);
    expect(await data(waiting.cookie)).not.toContain(link);
    expect(await data(placed.cookie)).toContain(link);
    expect(await data(organiser.cookie)).toContain(link);
    expect(await text(await getPage(`${server.url}/meetings/${m.slug}`))).toContain("the link is in your confirmation email");
  });
});

import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

async function meetingWithAttendees(n: number) {
  const slug = `qmeeting-${crypto.randomUUID().slice(0, 8)}`;
  const meeting = await db.meeting.create({
    data: {
      slug,
      title: "Open meeting",
      description: "Questions",
      startsAt: new Date(Date.now() + 3_600_000),
      endsAt: new Date(Date.now() + 9_000_000),
      capacity: 100,
      registrationOpensAt: new Date(Date.now() - 86_400_000),
      registrationClosesAt: new Date(Date.now() + 1_800_000),
      venueName: "Hemsley House",
    },
  });
  const attendees = [];
  for (let i = 0; i < n; i++) {
    const person = await signedInUser({ displayName: `Attendee ${i} ${slug}` });
    await db.registration.create({
      data: {
        meetingId: meeting.id,
        userId: person.user.id,
        name: person.user.displayName,
        email: person.email,
        code: crypto.randomBytes(4).toString("hex").toUpperCase(),
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
      },
    });
    attendees.push(person);
  }
  return { meeting, attendees };
}

const ask = (slug: string, cookie: string, fields: Record<string, string>) =>
  postForm(`${server.url}/meetings/${slug}/questions`, { intent: "ask", ...fields }, cookie);

describe("the question queue", () => {
  it("takes questions from people with a confirmed place only, and refuses empty or long ones", async () => {
    const { meeting, attendees } = await meetingWithAttendees(1);
    const outsider = await signedInUser();
    expect((await ask(meeting.slug, outsider.cookie, { text: "Let me in" })).status).toBe(403);
    const empty = await ask(meeting.slug, attendees[0].cookie, { text: "  " });
    expect(empty.status).toBe(400);
    expect(await text(empty)).toContain("Write your question");
    expect((await ask(meeting.slug, attendees[0].cookie, { text: "x".repeat(501) })).status).toBe(400);
    expect(await db.question.count({ where: { meetingId: meeting.id } })).toBe(0);
    expect((await ask(meeting.slug, attendees[0].cookie, { text: "Where will the Board meet?" })).status).toBe(302);
  });

  it("signposts help to someone whose question suggests crisis, and alerts the moderators", async () => {
    const { meeting, attendees } = await meetingWithAttendees(1);
    const moderator = await signedInUser({ roles: ["COMMISSIONER"] });
    const asked = await ask(meeting.slug, attendees[0].cookie, { text: "I feel like I want to end my life, who can help?" });
    expect(asked.status).toBe(302);
    expect(asked.headers.get("location")).toBe(`/meetings/${meeting.slug}/questions?support=1`);
    expect(await text(await getPage(`${server.url}${asked.headers.get("location")}`, attendees[0].cookie))).toContain(
      "If you are struggling, help is available now",
    );
    const question = await db.question.findFirstOrThrow({ where: { meetingId: meeting.id } });
    const alert = await db.safeguardingAlert.findFirstOrThrow({ where: { questionId: question.id } });
    expect(await db.notification.count({ where: { userId: moderator.user.id, kind: "safeguarding" } })).toBe(1);
    expect(await text(await getPage(`${server.url}/manage/moderation`, moderator.cookie))).toContain("I feel like I want to end my life, who can help?");
    expect((await postForm(`${server.url}/manage/moderation`, { intent: "handle-alert", alertId: alert.id }, moderator.cookie)).status).toBe(302);
    expect((await db.safeguardingAlert.findUniqueOrThrow({ where: { id: alert.id } })).handledById).toBe(moderator.user.id);
    // An ordinary question raises nothing.
    expect((await ask(meeting.slug, attendees[0].cookie, { text: "Is there parking?" })).headers.get("location")).toBe(`/meetings/${meeting.slug}/questions`);
  });

  it("keeps anonymous askers' names from other attendees but not from organisers", async () => {
    const { meeting, attendees } = await meetingWithAttendees(2);
    await ask(meeting.slug, attendees[0].cookie, { text: "A sensitive question", anonymous: "on" });
    const asSeenByOther = await text(await getPage(`${server.url}/meetings/${meeting.slug}/questions`, attendees[1].cookie));
    expect(asSeenByOther).toContain("A sensitive question");
    expect(asSeenByOther).not.toContain(attendees[0].user.displayName);
    const organiser = await signedInUser({ roles: ["COMMISSIONER"] });
    const asSeenByOrganiser = await text(await getPage(`${server.url}/meetings/${meeting.slug}/questions`, organiser.cookie));
    expect(asSeenByOrganiser).toContain(`${attendees[0].user.displayName} (asked anonymously)`);
    expect(await text(await getPage(`${server.url}/meetings/${meeting.slug}/questions/projector`))).not.toContain(attendees[0].user.displayName);
  });

  it("counts one vote per person, even pressed many times at once, and orders by votes", async () => {
    const { meeting, attendees } = await meetingWithAttendees(3);
    await ask(meeting.slug, attendees[0].cookie, { text: "First question" });
    await ask(meeting.slug, attendees[0].cookie, { text: "Popular question" });
    const popular = await db.question.findFirstOrThrow({ where: { meetingId: meeting.id, text: "Popular question" } });
    const presses = await Promise.all(
      Array.from({ length: 10 }, () =>
        postForm(`${server.url}/meetings/${meeting.slug}/questions`, { intent: "vote", questionId: popular.id }, attendees[1].cookie),
      ),
    );
    expect(presses.filter((r) => r.status === 302)).toHaveLength(1);
    await postForm(`${server.url}/meetings/${meeting.slug}/questions`, { intent: "vote", questionId: popular.id }, attendees[2].cookie);
    expect((await db.question.findUniqueOrThrow({ where: { id: popular.id } })).votes).toBe(2);
    const projector = await text(await getPage(`${server.url}/meetings/${meeting.slug}/questions/projector`));
    expect(projector.indexOf("Popular question")).toBeLessThan(projector.indexOf("First question"));
  });

  it("lets organisers, and only organisers, mark a question answered or hide it", async () => {
    const { meeting, attendees } = await meetingWithAttendees(1);
    await ask(meeting.slug, attendees[0].cookie, { text: "Off-topic" });
    const question = await db.question.findFirstOrThrow({ where: { meetingId: meeting.id } });
    expect((await postForm(`${server.url}/meetings/${meeting.slug}/questions`, { intent: "hide", questionId: question.id }, attendees[0].cookie)).status).toBe(
      403,
    );
    const organiser = await signedInUser({ roles: ["FORUM_OFFICER"] });
    expect((await postForm(`${server.url}/meetings/${meeting.slug}/questions`, { intent: "hide", questionId: question.id }, organiser.cookie)).status).toBe(
      302,
    );
    expect(await text(await getPage(`${server.url}/meetings/${meeting.slug}/questions`, attendees[0].cookie))).not.toContain("Off-topic");
  });
});

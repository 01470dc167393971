import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPORT_BACKS_ROOM } from "#app/features/forum/report-backs.server";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "./helpers/app-server";
import { fillPattern, routesOfBuild } from "./helpers/built-routes";
import { createProposal } from "./helpers/consultations";
import { createUser, signedInUser } from "./helpers/factories";
import { createMeeting } from "./helpers/meetings";

// Remix sends every loader's data to the browser, so whatever a loader selects is public to
// whoever may open the page. This test asks every route of the built app for its loader data
// (the `?_data=<route id>` JSON a browser fetches on navigation) as four different viewers, with
// the database holding private things each of them must not see, and fails on any of them:
// someone else's email address, a password hash, a token, an online meeting link, or a planted
// private value (see docs/security.md, "What each page and socket sends to whom").

let server: TestServer;
const DAY = 86_400_000;
const secret = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`;

type Viewer = { name: string; cookie?: string; email?: string };
type Fixture = Awaited<ReturnType<typeof createFixture>>;
let fixture: Fixture;
let viewers: Viewer[];

/** Something of everything, including what only its owners, organisers or secretaries may see. */
async function createFixture() {
  const planted = {
    onlineUrl: `https://meet.example.test/${secret("online-link")}`,
    accessNeeds: secret("access-needs"),
    unpublishedAction: secret("unpublished-minutes-action"),
    invitationOnlyTitle: secret("invitation-only-proposal"),
    hiddenForumText: secret("hidden-forum-message"),
    hiddenReportBack: secret("hidden-report-back"),
  };

  // A body with an assigned secretary, an elected seat held by a Forum representative, an
  // earlier meeting whose minutes (with an action) are unpublished, and a later meeting whose
  // published papers include an invitation-only proposal.
  const secretary = await createUser({ roles: ["BOARD_SECRETARY"] });
  const representative = await createUser({ roles: ["FORUM_MEMBER"] });
  const slug = `body-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: {
      slug,
      name: `Board ${slug}`,
      kind: "PARTNERSHIP_BOARD",
      description: "Test body",
      seats: {
        create: [{ position: 1, name: "Forum seat", places: 1, voting: true, fillMethod: "ELECTED", eligibleCategories: ["SERVICE_USER"], termMonths: 24 }],
      },
    },
    include: { seats: true },
  });
  await db.bodySecretary.create({ data: { bodyId: body.id, userId: secretary.user.id } });
  await db.appointment.create({
    data: {
      seatId: body.seats[0].id,
      userId: representative.user.id,
      holderName: representative.user.displayName,
      method: "ELECTION",
      startsOn: new Date(Date.now() - 30 * DAY),
    },
  });
  const earlier = await db.bodyMeeting.create({
    data: { bodyId: body.id, title: "Earlier meeting", startsAt: new Date(Date.now() - 14 * DAY), endsAt: new Date(Date.now() - 14 * DAY + 7_200_000) },
  });
  await db.boardAction.create({
    data: { bodyId: body.id, meetingId: earlier.id, description: planted.unpublishedAction, ownerPost: "Chair", dueOn: new Date(Date.now() + 7 * DAY) },
  });
  const later = await db.bodyMeeting.create({
    data: {
      bodyId: body.id,
      title: "Later meeting",
      startsAt: new Date(Date.now() + 7 * DAY),
      endsAt: new Date(Date.now() + 7 * DAY + 7_200_000),
      papersPublishedAt: new Date(),
    },
  });
  const item = await db.agendaItem.create({ data: { meetingId: later.id, position: 1, title: "Proposals" } });
  const { proposal: invitationOnly } = await createProposal({ audience: "INVITED" });
  await db.proposal.update({ where: { id: invitationOnly.id }, data: { title: planted.invitationOnlyTitle } });
  const paper = await db.agendaPaper.create({
    data: { itemId: item.id, kind: "PROPOSAL_VERSION", title: `${planted.invitationOnlyTitle}, version 1`, proposalVersionId: invitationOnly.versions[0].id },
  });

  // A report-back whose Forum message was hidden by moderation, and a hidden message in an open room.
  const reportRoom = await db.forumRoom.upsert({
    where: { slug: REPORT_BACKS_ROOM },
    create: { slug: REPORT_BACKS_ROOM, name: "Board report-backs", description: "Report-backs" },
    update: {},
  });
  const hiddenMessage = await db.forumMessage.create({
    data: { roomId: reportRoom.id, authorId: representative.user.id, body: planted.hiddenReportBack, moderation: "HIDDEN" },
  });
  const reportBack = await db.reportBack.create({
    data: {
      seatId: body.seats[0].id,
      authorId: representative.user.id,
      meetingId: earlier.id,
      discussed: planted.hiddenReportBack,
      decided: planted.hiddenReportBack,
      messageId: hiddenMessage.id,
    },
  });
  const room = await db.forumRoom.create({ data: { slug: `room-${crypto.randomUUID().slice(0, 8)}`, name: "Open room", description: "For everyone" } });
  await db.forumMessage.create({ data: { roomId: room.id, authorId: representative.user.id, body: planted.hiddenForumText, moderation: "HIDDEN" } });
  await db.forumMessage.create({ data: { roomId: room.id, authorId: representative.user.id, body: "A visible message" } });

  // A public meeting with an online link and a registrant with access needs.
  const meeting = await createMeeting();
  await db.meeting.update({ where: { id: meeting.id }, data: { onlineUrl: planted.onlineUrl } });
  const registrant = await createUser();
  await db.registration.create({
    data: {
      meetingId: meeting.id,
      userId: registrant.user.id,
      name: "Registrant",
      email: registrant.email,
      code: "QZ7QZ7",
      cancelTokenHash: crypto.randomUUID(),
      status: "CONFIRMED",
      emailConfirmedAt: new Date(),
      accessOther: planted.accessNeeds,
    },
  });

  // A public proposal with a comment, and an election.
  const { proposal } = await createProposal();
  const comment = await db.comment.create({
    data: { proposalId: proposal.id, versionId: proposal.versions[0].id, authorId: registrant.user.id, body: "A public comment" },
  });
  const officer = await createUser({ roles: ["FORUM_OFFICER"] });
  const election = await db.election.create({
    data: {
      slug: `election-${crypto.randomUUID().slice(0, 8)}`,
      title: "Election",
      seatId: body.seats[0].id,
      places: 1,
      constituency: ["SERVICE_USER"],
      residencyRequired: false,
      nominationsOpenAt: new Date(Date.now() - DAY),
      nominationsCloseAt: new Date(Date.now() + DAY),
      votingOpenAt: new Date(Date.now() + 2 * DAY),
      votingCloseAt: new Date(Date.now() + 3 * DAY),
      salt: "salt",
      lotSeed: "seed",
      createdById: officer.user.id,
    },
  });
  const email = await db.outboxEmail.findFirst({ select: { id: true } });
  return {
    planted,
    params: {
      bodies: { slug: body.slug, meetingId: later.id, paperId: paper.id, reportId: "no-such-report" },
      meetings: { slug: meeting.slug, token: "no-such-token" },
      proposals: { slug: proposal.slug, commentId: comment.id },
      manage: { slug: proposal.slug },
      elections: { slug: election.slug },
      forum: { slug: room.slug },
      other: { token: "no-such-token", emailId: email?.id ?? "none" },
    } as Record<string, Record<string, string>>,
    earlierMeetingId: earlier.id,
    reportBackId: reportBack.id,
    hiddenMessageId: hiddenMessage.id,
  };
}

/** Every route of the built app, with its URL filled from the fixture. */
async function routesWithUrls(): Promise<{ id: string; url: string }[]> {
  return (await routesOfBuild()).map(({ id, pattern }) => ({ id, url: fillPattern(pattern, fixture.params) }));
}

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
const SECRET_KEY = /(token|password|hash|secret)/i;

/** What in this loader data the viewer may not see. */
function leaksIn(text: string, viewer: Viewer): string[] {
  const found: string[] = [];
  for (const address of text.match(EMAIL) ?? []) if (address.toLowerCase() !== viewer.email?.toLowerCase()) found.push(`email address ${address}`);
  if (text.includes("$argon2")) found.push("a password hash");
  const walk = (value: unknown, key = "") => {
    if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) walk(v, k);
    else if (SECRET_KEY.test(key) && typeof value === "string" && value !== "") found.push(`secret field ${key}`);
  };
  try {
    walk(JSON.parse(text));
  } catch {
    // Not JSON (a file or a redirect): the text checks above and below still apply.
  }
  for (const [name, value] of Object.entries(fixture.planted)) if (text.includes(value)) found.push(name);
  if (text.includes(fixture.reportBackId)) found.push("hidden report-back");
  return found;
}

beforeAll(async () => {
  server = await startTestServer();
  fixture = await createFixture();
  const member = await signedInUser();
  const forumMember = await signedInUser({ roles: ["FORUM_MEMBER"] });
  await db.forumMembership.create({
    data: { userId: forumMember.user.id, category: "SERVICE_USER", postcode: "M6 5JA", residentVerified: true, status: "VERIFIED" },
  });
  // A board secretary, but of another body: secretaries see unpublished minutes of their own bodies only.
  const otherSecretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
  viewers = [
    { name: "anonymous" },
    { name: "a signed-in member of the public", cookie: member.cookie, email: member.email },
    { name: "a Forum member", cookie: forumMember.cookie, email: forumMember.email },
    { name: "another body's secretary", cookie: otherSecretary.cookie, email: otherSecretary.email },
  ];
}, 60_000);
afterAll(() => server.close());

describe("loader data of every route", () => {
  it("holds nothing the viewer may not see", async () => {
    const routes = await routesWithUrls();
    // Enumerated from the build, so a new route is scanned without changing this test.
    expect(routes.length).toBeGreaterThan(50);
    expect(routes.map((r) => r.id)).toEqual(
      expect.arrayContaining([
        "root",
        "routes/bodies+/$slug",
        "routes/meetings+/$slug",
        "routes/forum+/report-backs",
        "routes/bodies+/$slug_.meetings.$meetingId",
      ]),
    );
    const leaks: string[] = [];
    let answered = 0;
    for (const viewer of viewers) {
      for (const route of routes) {
        // The development outbox shows emails by design outside production (closed to all but
        // administrators in production); its own tests cover that.
        if (route.id.startsWith("routes/outbox+")) continue;
        const url = `${server.url}${route.url}${route.url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(route.id)}`;
        const response = await fetch(url, { redirect: "manual", headers: viewer.cookie ? { Cookie: viewer.cookie } : {} });
        const text = await response.text();
        if (response.status === 200) answered++;
        for (const leak of leaksIn(text, viewer)) leaks.push(`${viewer.name} on ${route.url} (${route.id}): ${leak}`);
      }
    }
    // The scan must have seen real pages, not only refusals.
    expect(answered).toBeGreaterThan(100);
    expect(leaks).toEqual([]);
  }, 240_000);
});

import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ForumCategory } from "#app/generated/prisma/enums";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { recordingPublisher } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";
import { runElectionMilestones } from "#app/features/elections/elections.server";
import { REPORT_BACKS_ROOM, postReportBack } from "./report-backs.server";
import { loadForumReader } from "./rooms.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
  await db.forumRoom.upsert({
    where: { slug: REPORT_BACKS_ROOM },
    create: { slug: REPORT_BACKS_ROOM, name: "Board report-backs", description: "Report-backs" },
    update: {},
  });
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");
const DAY = 86_400_000;

async function member(category: ForumCategory = "SERVICE_USER") {
  const person = await signedInUser({ roles: ["FORUM_MEMBER"] });
  await db.forumMembership.create({ data: { userId: person.user.id, category, postcode: "M65JA", status: "VERIFIED", residentVerified: true } });
  return person;
}

/** A Board with a Forum-elected seat held by a member, and meetings past and future. */
async function board() {
  const slug = `board-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: {
      slug,
      name: `Partnership Board ${slug}`,
      kind: "PARTNERSHIP_BOARD",
      description: "The Board",
      seats: {
        create: [
          { position: 1, name: "Forum service-user representative", places: 1, voting: true, fillMethod: "ELECTED", eligibleCategories: ["SERVICE_USER"] },
        ],
      },
    },
    include: { seats: true },
  });
  const representative = await member();
  await db.appointment.create({
    data: {
      seatId: body.seats[0].id,
      userId: representative.user.id,
      holderName: representative.user.displayName,
      method: "ELECTION",
      startsOn: new Date(Date.now() - 100 * DAY),
    },
  });
  const past = await db.bodyMeeting.create({
    data: { bodyId: body.id, title: "Monthly meeting", startsAt: new Date(Date.now() - 3 * DAY), endsAt: new Date(Date.now() - 3 * DAY + 7_200_000) },
  });
  const future = await db.bodyMeeting.create({
    data: {
      bodyId: body.id,
      title: "Joint meeting with the Forum",
      startsAt: new Date(Date.now() + 10 * DAY),
      endsAt: new Date(Date.now() + 10 * DAY + 7_200_000),
      jointWithForum: true,
    },
  });
  return { body, seat: body.seats[0], representative, past, future };
}

/** An election for a service-user seat whose nominations open `opensInMs` from now (negative: already open). */
async function serviceUserElection(seatId: string, title: string, opensInMs: number) {
  const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
  return db.election.create({
    data: {
      slug: `election-${crypto.randomUUID().slice(0, 8)}`,
      title,
      seatId,
      places: 1,
      constituency: ["SERVICE_USER"],
      nominationsOpenAt: new Date(Date.now() + opensInMs),
      nominationsCloseAt: new Date(Date.now() + 5 * DAY),
      votingOpenAt: new Date(Date.now() + 6 * DAY),
      votingCloseAt: new Date(Date.now() + 12 * DAY),
      salt: "salt",
      lotSeed: "seed",
      createdById: officer.user.id,
    },
  });
}

describe("report-backs", () => {
  it("lets the seat's representative report back once per meeting, into a thread members reply to", async () => {
    const { body, seat, representative, past, future } = await board();
    const other = await member();
    const outsider = await signedInUser();
    const report = {
      seatId: seat.id,
      meetingId: past.id,
      discussed: "The crisis café budget.",
      decided: "To fund the café for two years.",
      questions: "Where should it be?",
    };

    expect((await getPage(`${server.url}/forum/report-backs`, outsider.cookie)).status).toBe(403);
    expect((await postForm(`${server.url}/forum/report-backs`, report, outsider.cookie)).status).toBe(403);
    const notTheirs = await postForm(`${server.url}/forum/report-backs`, report, other.cookie);
    expect(notTheirs.status).toBe(403);
    const empty = await postForm(`${server.url}/forum/report-backs`, { ...report, decided: "" }, representative.cookie);
    expect(empty.status).toBe(400);
    expect(await text(empty)).toContain("Enter what was decided");
    expect((await postForm(`${server.url}/forum/report-backs`, { ...report, meetingId: future.id }, representative.cookie)).status).toBe(400);
    expect(await db.reportBack.count({ where: { seatId: seat.id } })).toBe(0);

    const posted = await postForm(`${server.url}/forum/report-backs`, report, representative.cookie);
    expect(posted.status).toBe(302);
    expect(posted.headers.get("location")).toMatch(new RegExp(`^/forum/rooms/${REPORT_BACKS_ROOM}#message-`));
    expect((await postForm(`${server.url}/forum/report-backs`, report, representative.cookie)).status).toBe(409);

    const reportBack = await db.reportBack.findFirstOrThrow({ where: { seatId: seat.id } });
    expect(
      (
        await postForm(
          `${server.url}/forum/rooms/${REPORT_BACKS_ROOM}`,
          { intent: "post", parentId: reportBack.messageId, body: "Near the bus station, please." },
          other.cookie,
        )
      ).status,
    ).toBe(200);
    const list = await text(await getPage(`${server.url}/forum/report-backs`, other.cookie));
    expect(list).toContain("To fund the café for two years.");
    expect(list).toContain("(1 reply)");
    expect(await text(await getPage(`${server.url}/forum/rooms/${REPORT_BACKS_ROOM}`, other.cookie))).toContain("Near the bus station, please.");
    // Listed on the representative's seat; linked only for those who may read them.
    expect(await text(await getPage(`${server.url}/bodies/${body.slug}`, other.cookie))).toMatch(
      /<a [^>]*href="\/forum\/report-backs"[^>]*>Report-backs<\/a>: \w+ \d+ \w+ \d{4} \(/,
    );
    const signedOut = await text(await getPage(`${server.url}/bodies/${body.slug}`));
    expect(signedOut).toMatch(/Report-backs(<!-- -->)?: \w+ \d+ \w+ \d{4} \(/);
    expect(signedOut).not.toContain('href="/forum/report-backs"');
  });

  it("refuses, by itself, a representative who is no longer a Forum member, writing nothing", async () => {
    const { seat, representative, past } = await board();
    await db.forumMembership.update({ where: { userId: representative.user.id }, data: { status: "ENDED" } });
    await db.userRole.deleteMany({ where: { userId: representative.user.id, role: "FORUM_MEMBER" } });
    const report = { seatId: seat.id, meetingId: past.id, discussed: "Budgets.", decided: "Nothing yet.", questions: "" };
    const actor = await loadForumReader(representative.user.id);
    expect(await postReportBack(actor, report, recordingPublisher())).toEqual({
      ok: false,
      status: 403,
      errors: { form: ["Report-backs are for Forum members"] },
    });
    expect(await postReportBack(null, report, recordingPublisher())).toMatchObject({ ok: false, status: 403 });
    expect(await db.reportBack.count({ where: { authorId: representative.user.id } })).toBe(0);
    expect(await db.forumMessage.count({ where: { authorId: representative.user.id } })).toBe(0);
  });
});

describe("the Forum calendar", () => {
  it("shows Board and joint meetings, open meetings and election dates, and counts joint meetings this year", async () => {
    const { future, seat } = await board();
    const election = await serviceUserElection(seat.id, "By-election for the service-user seat", -DAY);
    const page = await text(await getPage(`${server.url}/forum/calendar`));
    expect(page).toContain(future.title);
    expect(page).toContain("Joint Board and Forum meeting");
    expect(page).toContain(`${election.title}: voting opens`);
    expect(page).toMatch(/joint Board and Forum meetings? held and \d+ scheduled, against the minimum of 3 a year/);
  });

  it("tells members in the constituency once when nominations open", async () => {
    const { seat } = await board();
    const serviceUser = await member("SERVICE_USER");
    const carer = await member("CARER");
    await serviceUserElection(seat.id, "Service-user by-election", -60_000);
    await Promise.all([runElectionMilestones(recordingPublisher()), runElectionMilestones(recordingPublisher())]);
    expect(
      await db.notification.count({
        where: { userId: serviceUser.user.id, kind: "election-milestone", title: "Nominations are open: Service-user by-election" },
      }),
    ).toBe(1);
    expect(await db.notification.count({ where: { userId: carer.user.id, kind: "election-milestone" } })).toBe(0);
  });
});

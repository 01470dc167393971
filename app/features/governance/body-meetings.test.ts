import ICAL from "ical.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { getPage, postForm, secretaryOf, signedInUser } from "../../../test/helpers/factories";
import { jointMeetingsThisYear } from "./body-meetings.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");
const newBody = () =>
  db.body.create({ data: { slug: `board-${Math.random().toString(36).slice(2, 8)}`, name: "Test Board", kind: "PARTNERSHIP_BOARD", description: "Test" } });

describe("meetings of a body", () => {
  it("are added by board secretaries with their agenda, and refused to others or with bad times", async () => {
    const body = await newBody();
    const secretary = await secretaryOf(body.id);
    const meeting = {
      intent: "add-meeting",
      title: "Board meeting",
      date: "2027-01-12",
      startTime: "14:00",
      endTime: "16:00",
      venue: "Civic Centre",
      agenda: "Minutes\nAction log\n\nBudget",
    };
    expect((await postForm(`${server.url}/bodies/${body.slug}`, meeting, (await signedInUser({ roles: ["COMMISSIONER"] })).cookie)).status).toBe(403);
    // A board secretary of another body is refused too.
    expect((await postForm(`${server.url}/bodies/${body.slug}`, meeting, (await signedInUser({ roles: ["BOARD_SECRETARY"] })).cookie)).status).toBe(403);
    const backwards = await postForm(`${server.url}/bodies/${body.slug}`, { ...meeting, endTime: "13:00" }, secretary.cookie);
    expect(backwards.status).toBe(400);
    expect(await text(backwards)).toContain("The meeting must end after it starts");
    expect(await db.bodyMeeting.count({ where: { bodyId: body.id } })).toBe(0);

    expect((await postForm(`${server.url}/bodies/${body.slug}`, { ...meeting, jointWithForum: "on" }, secretary.cookie)).status).toBe(302);
    const page = await text(await getPage(`${server.url}/bodies/${body.slug}`));
    expect(page).toContain("Tuesday 12 January 2027, 2pm to 4pm, Civic Centre");
    expect(page).toContain("Joint with the Forum");
    expect(page).toMatch(/<li>Minutes<\/li><li>Action log<\/li><li>Budget<\/li>/);
  });

  it("publish a calendar feed that calendar programs can read", async () => {
    const body = await newBody();
    await db.bodyMeeting.create({
      data: {
        bodyId: body.id,
        title: "Board meeting",
        startsAt: new Date("2027-06-08T13:00:00Z"),
        endsAt: new Date("2027-06-08T15:00:00Z"),
        venue: "Civic Centre",
        jointWithForum: true,
        agendaItems: { create: [{ position: 1, title: "Report-backs" }] },
      },
    });
    const response = await getPage(`${server.url}/bodies/${body.slug}/meetings.ics`);
    expect(response.headers.get("content-type")).toBe("text/calendar; charset=utf-8");
    const calendar = new ICAL.Component(ICAL.parse(await response.text()));
    const events = calendar.getAllSubcomponents("vevent").map((e) => new ICAL.Event(e));
    expect(events).toHaveLength(1);
    expect(events[0].summary).toBe("Board meeting (joint meeting with the Forum)");
    expect(events[0].startDate.toJSDate().toISOString()).toBe("2027-06-08T13:00:00.000Z");
    expect(events[0].location).toBe("Civic Centre");
    expect(events[0].description).toContain("1. Report-backs");
    expect((await getPage(`${server.url}/bodies/no-such-body/meetings.ics`)).status).toBe(404);
  });

  it("count this year's joint Board-Forum meetings, held and scheduled, against the minimum of three", async () => {
    const body = await newBody();
    const now = new Date("2031-07-01T12:00:00Z");
    for (const startsAt of ["2031-02-10T14:00:00Z", "2031-09-10T13:00:00Z", "2030-12-01T14:00:00Z"]) {
      await db.bodyMeeting.create({
        data: {
          bodyId: body.id,
          title: "Joint",
          startsAt: new Date(startsAt),
          endsAt: new Date(new Date(startsAt).getTime() + 7_200_000),
          jointWithForum: true,
        },
      });
    }
    expect(await jointMeetingsThisYear(now)).toEqual({ year: "2031", held: 1, scheduled: 1, minimum: 3 });
  });

  it("are kept by the secretaries an administrator assigns to the body", async () => {
    const body = await newBody();
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const secretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    const notASecretary = await signedInUser();
    const meeting = { intent: "add-meeting", title: "Board meeting", date: "2027-03-09", startTime: "14:00", endTime: "16:00" };
    expect((await postForm(`${server.url}/bodies/${body.slug}`, meeting, secretary.cookie)).status).toBe(403);
    expect((await postForm(`${server.url}/bodies/${body.slug}`, { intent: "assign-secretary", email: secretary.email }, secretary.cookie)).status).toBe(403);
    const noRole = await postForm(`${server.url}/bodies/${body.slug}`, { intent: "assign-secretary", email: notASecretary.email }, admin.cookie);
    expect(noRole.status).toBe(400);
    expect(await text(noRole)).toContain("Give this person the board secretary role first");
    expect((await postForm(`${server.url}/bodies/${body.slug}`, { intent: "assign-secretary", email: secretary.email }, admin.cookie)).status).toBe(302);
    expect((await postForm(`${server.url}/bodies/${body.slug}`, meeting, secretary.cookie)).status).toBe(302);
    expect((await postForm(`${server.url}/bodies/${body.slug}`, { intent: "remove-secretary", email: secretary.email }, admin.cookie)).status).toBe(302);
    expect((await postForm(`${server.url}/bodies/${body.slug}`, meeting, secretary.cookie)).status).toBe(403);
    expect(await db.bodyMeeting.count({ where: { bodyId: body.id } })).toBe(1);
  });
});

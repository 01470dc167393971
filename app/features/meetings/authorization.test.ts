import crypto from "node:crypto";
import { describe, expect, it } from "vitest";
import type { RoleName } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { recordingPublisher } from "../../../test/helpers/consultations";
import { createUser, uniqueEmail } from "../../../test/helpers/factories";
import { createMeeting } from "../../../test/helpers/meetings";
import { ownsRegistration, seesQuestion } from "./meetings.policy";
import { saveMeeting } from "./meetings.server";
import { moderateQuestion } from "./questions.server";
import { attendees, attendeesCsv, cancelOwn, changeCapacity, checkIn, findForCheckIn, register } from "./registrations.server";

async function person(roles: RoleName[] = []): Promise<SessionUser> {
  const { user, email } = await createUser({ roles });
  return { id: user.id, email, displayName: user.displayName, stakeholderType: user.stakeholderType, organisation: null, emailVerified: true, roles };
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id).sort();

describe("the meetings rules, as predicate and as query", () => {
  it("shows hidden questions to organisers only, the same way in both", async () => {
    const meeting = await createMeeting();
    const author = await person();
    const questions = await Promise.all(
      (["OPEN", "ANSWERED", "HIDDEN"] as const).map((status) =>
        db.question.create({ data: { meetingId: meeting.id, authorId: author.id, text: `A ${status} question`, status }, select: { id: true, status: true } }),
      ),
    );
    for (const viewer of [null, author, await person(["FORUM_MEMBER"]), await person(["COMMISSIONER"]), await person(["FORUM_OFFICER"])]) {
      const found = await db.question.findMany({ where: { meetingId: meeting.id, ...seesQuestion.where(viewer) }, select: { id: true } });
      expect(ids(found)).toEqual(ids(questions.filter((q) => seesQuestion.allows(viewer, q))));
    }
    // The rule is not empty either way: someone sees fewer.
    expect(questions.filter((q) => seesQuestion.allows(null, q))).toHaveLength(2);
  });

  it("gives each person their own registrations by account, the same way in both", async () => {
    const meeting = await createMeeting();
    const [first, second] = [await person(), await person()];
    const registrations = await Promise.all(
      [first.id, second.id, null].map((userId, i) =>
        db.registration.create({
          data: {
            meetingId: meeting.id,
            userId,
            name: `Person ${i}`,
            email: uniqueEmail("owner"),
            code: `OWN${i}${crypto.randomUUID().slice(0, 3).toUpperCase()}`,
            cancelTokenHash: crypto.randomUUID(),
            status: "CONFIRMED",
          },
          select: { id: true, userId: true },
        }),
      ),
    );
    for (const viewer of [null, first, second, await person(["COMMISSIONER"])]) {
      const found = await db.registration.findMany({ where: { meetingId: meeting.id, ...ownsRegistration.where(viewer) }, select: { id: true } });
      expect(ids(found)).toEqual(ids(registrations.filter((r) => ownsRegistration.allows(viewer, r))));
    }
  });
});

describe("meeting commands check who is acting themselves", () => {
  it("refuses someone who is not an organiser, called directly, and changes nothing", async () => {
    const meeting = await createMeeting({ capacity: 5 });
    const member = await person(["FORUM_MEMBER"]);
    const registration = await db.registration.create({
      data: {
        meetingId: meeting.id,
        name: "Ada",
        email: uniqueEmail("door"),
        code: `DOOR${crypto.randomUUID().slice(0, 2).toUpperCase()}`,
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
      },
    });

    expect(await changeCapacity(member, meeting.slug, 50)).toMatchObject({ ok: false, status: 403 });
    expect(await checkIn(member, meeting.slug, registration.id, recordingPublisher())).toMatchObject({ ok: false, status: 403 });
    const form = {
      title: "Taken over",
      description: "No",
      date: "2027-03-10",
      startTime: "18:00",
      endTime: "19:00",
      venueName: "Elsewhere",
      venueAddress: null,
      stepFreeAccess: false,
      hearingLoop: false,
      accessibleToilets: false,
      parking: null,
      onlineUrl: null,
      capacity: 1,
      registrationOpensDate: "2027-02-01",
      registrationClosesDate: "2027-03-09",
      proposalId: null,
    };
    expect(await saveMeeting(member, meeting.slug, form)).toMatchObject({ ok: false, status: 403 });
    expect(await saveMeeting(member, null, form)).toMatchObject({ ok: false, status: 403 });

    const after = await db.meeting.findUniqueOrThrow({ where: { id: meeting.id } });
    expect(after).toMatchObject({ capacity: 5, title: meeting.title });
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).attendedAt).toBeNull();
    expect(await db.meeting.count({ where: { title: "Taken over" } })).toBe(0);
  });

  it("lets nobody but organisers hide a question, called directly", async () => {
    const meeting = await createMeeting();
    const author = await person();
    const question = await db.question.create({ data: { meetingId: meeting.id, authorId: author.id, text: "Will there be tea?" } });
    expect(await moderateQuestion(author, meeting.slug, { intent: "hide", questionId: question.id }, recordingPublisher())).toMatchObject({
      ok: false,
      status: 403,
    });
    expect((await db.question.findUniqueOrThrow({ where: { id: question.id } })).status).toBe("OPEN");
  });

  it("shows the attendee list, its CSV and the door search to organisers only", async () => {
    const meeting = await createMeeting();
    await db.registration.create({
      data: {
        meetingId: meeting.id,
        name: "Grace Hopper",
        email: uniqueEmail("list"),
        code: `LIST${crypto.randomUUID().slice(0, 2).toUpperCase()}`,
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
      },
    });
    for (const viewer of [null, await person(["FORUM_MEMBER"])]) {
      expect(await attendees(viewer, meeting.slug)).toBeNull();
      expect(await attendeesCsv(viewer, meeting.slug)).toBeNull();
      expect(await findForCheckIn(viewer, meeting.slug, "Grace")).toEqual([]);
    }
    const organiser = await person(["FORUM_OFFICER"]);
    expect((await attendees(organiser, meeting.slug))?.registrations.map((r) => r.name)).toEqual(["Grace Hopper"]);
    expect((await findForCheckIn(organiser, meeting.slug, "Grace")).map((r) => r.name)).toEqual(["Grace Hopper"]);
  });

  it("cancels only the actor's own registration", async () => {
    const meeting = await createMeeting();
    const [owner, other] = [await person(), await person()];
    const registration = await db.registration.create({
      data: {
        meetingId: meeting.id,
        userId: owner.id,
        name: "Owner",
        email: owner.email,
        code: `MINE${crypto.randomUUID().slice(0, 2).toUpperCase()}`,
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
      },
    });
    expect(await cancelOwn(other, registration.id)).toMatchObject({ ok: false, status: 404 });
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).status).toBe("CONFIRMED");
  });

  it("refuses a guest who gives no name or address, called directly, and writes nothing", async () => {
    const meeting = await createMeeting();
    const refused = await register(null, meeting.slug, { accessNeeds: [], accessOther: null, supporter: false });
    expect(refused).toEqual({
      ok: false,
      status: 400,
      errors: { name: ["Enter your name"], email: ["Enter an email address in the correct format, like name@example.com"] },
    });
    expect(await db.registration.count({ where: { meetingId: meeting.id } })).toBe(0);
  });
});

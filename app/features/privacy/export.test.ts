import crypto from "node:crypto";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createUser, getPage, postForm, signedInUser, uniqueEmail } from "../../../test/helpers/factories";
import { createProposal } from "../../../test/helpers/consultations";
import { createMeeting } from "../../../test/helpers/meetings";
import { personWithEverything } from "../../../test/helpers/privacy";
import { processDataExports, requestOwnExport } from "./export.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

/** A copy takes a few seconds to build on a busy machine (each part is a query and a progress update). */
const BUILT = { timeout: 30_000, interval: 200 };

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");

/** Asks for a copy as the signed-in person, lets it build, and returns the emailed link's path. */
async function askAndBuild(cookie: string, email: string) {
  const asked = await postForm(`${server.url}/account/data`, {}, cookie);
  expect(asked.status).toBe(302);
  await processDataExports();
  // The request starts the build in the app's process, which may be the one building it.
  await expect.poll(() => db.outboxEmail.count({ where: { to: email, subject: "Your copy of your Touchstone data is ready" } }), BUILT).toBe(1);
  const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: email, subject: "Your copy of your Touchstone data is ready" } });
  return new URL(/http\S+\/account\/data\/download\?token=\S+/.exec(mail.text)![0]);
}

/** Builds a copy of a person's data as if they had asked, and returns what the zip's JSON holds. */
async function copyOf(userId: string) {
  const { id } = await db.dataExport.create({ data: { subjectId: userId, requestedById: userId }, select: { id: true } });
  await processDataExports();
  const { archive } = await db.dataExport.findUniqueOrThrow({ where: { id }, select: { archive: true } });
  const files = unzipSync(new Uint8Array(archive!));
  return {
    data: JSON.parse(strFromU8(files["touchstone-data.json"])),
    json: strFromU8(files["touchstone-data.json"]),
    html: strFromU8(files["touchstone-data.html"]),
  };
}

describe("downloading your data", () => {
  it("builds a zip with a readable page and JSON holding every kind of record, emailed as a link only its owner can open", async () => {
    const p = await personWithEverything(server.url);
    await db.notification.create({ data: { userId: p.user.id, kind: "reply", title: "A notification for the export", link: "/" } });
    const link = await askAndBuild(p.cookie, p.email);
    // Only a hash of the token is stored.
    const token = link.searchParams.get("token")!;
    expect(await db.dataExport.count({ where: { tokenHash: token } })).toBe(0);
    const status = await text(await getPage(`${server.url}/account/data`, p.cookie));
    expect(status).toContain("ready. We have emailed you a link");

    const landing = await getPage(`${server.url}${link.pathname}${link.search}`, p.cookie);
    expect(landing.status).toBe(200);
    expect(await text(landing)).toContain("Download your data (zip");
    const download = await getPage(`${server.url}/account/data/download.zip${link.search}`, p.cookie);
    expect(download.status).toBe(200);
    expect(download.headers.get("content-type")).toBe("application/zip");
    const files = unzipSync(new Uint8Array(await download.arrayBuffer()));
    expect(Object.keys(files).sort()).toEqual(["touchstone-data.html", "touchstone-data.json"]);
    const data = JSON.parse(strFromU8(files["touchstone-data.json"]));
    const html = strFromU8(files["touchstone-data.html"]);

    expect(data.account).toMatchObject({
      email: p.email,
      displayName: p.strings.displayName,
      organisation: p.strings.organisation,
      howYouTakePart: "Service user",
    });
    expect(data.account.roles.map((r: { role: string }) => r.role)).toContain("Forum member");
    expect(data.comments.map((c: { body: string }) => c.body)).toEqual(expect.arrayContaining([p.strings.comment, p.strings.reply]));
    const comment = data.comments.find((c: { body: string }) => c.body === p.strings.comment);
    expect(comment).toMatchObject({ proposal: p.proposal.title, section: "1 Introduction", onBehalfOf: p.strings.organisation, isReply: false });
    expect(data.agrees).toEqual([expect.objectContaining({ commentId: p.others.id, proposal: p.proposal.title })]);
    expect(data.reports).toEqual([expect.objectContaining({ reason: p.strings.reportReason })]);
    expect(data.registrations).toEqual([
      expect.objectContaining({ meeting: p.meeting.title, status: "CONFIRMED", accessNeeds: ["bsl"], accessOther: p.strings.accessOther }),
    ]);
    expect(data.questions).toEqual([expect.objectContaining({ text: p.strings.question })]);
    expect(data.forumMembership).toMatchObject({ category: "SERVICE_USER", postcode: p.strings.postcode, status: "VERIFIED" });
    expect(data.forumMessages).toEqual([expect.objectContaining({ body: p.strings.message, room: p.room.name })]);
    expect(data.forumReactions).toEqual([expect.objectContaining({ emoji: "👍", room: p.room.name })]);
    expect(data.nominations.map((n: { election: string; statement: string }) => [n.election, n.statement])).toEqual(
      expect.arrayContaining([
        [p.held.title, p.strings.statement],
        [p.upcoming.title, p.strings.statement],
      ]),
    );
    // That they voted, never how.
    expect(data.elections).toEqual([{ election: p.held.title, howYouVoted: "not recorded against you (secret ballot)" }]);
    expect(data.seats).toEqual([expect.objectContaining({ body: p.body.name, seat: p.seat.name })]);
    expect(data.notifications.map((n: { title: string }) => n.title)).toContain("A notification for the export");
    expect(data.emails.length).toBeGreaterThan(0);
    expect(data.notificationSettings).toEqual([{ kind: "reply", frequency: "WEEKLY" }]);
    expect(data.follows).toEqual([expect.objectContaining({ body: p.body.name })]);
    for (const s of [p.strings.comment, p.strings.message, p.strings.question, p.strings.statement, p.email]) expect(html).toContain(s);
    expect(html).toContain("<h2>Forum messages</h2>");
  });

  it("refuses someone else's link, an expired link and an unknown one, with a clear message and no file", async () => {
    const owner = await signedInUser();
    const link = await askAndBuild(owner.cookie, owner.email);
    const stranger = await signedInUser();
    const admin = await signedInUser({ roles: ["ADMIN"] });
    for (const cookie of [stranger.cookie, admin.cookie]) {
      const page = await getPage(`${server.url}${link.pathname}${link.search}`, cookie);
      expect(page.status).toBe(403);
      expect(await text(page)).toContain("This download link belongs to another account");
      const file = await getPage(`${server.url}/account/data/download.zip${link.search}`, cookie);
      expect(file.status).toBe(403);
      expect(file.headers.get("content-type")).not.toBe("application/zip");
    }
    // Signed out, the link asks them to sign in and come back.
    expect((await getPage(`${server.url}${link.pathname}${link.search}`)).headers.get("location")).toMatch(/^\/auth\/sign-in\?redirectTo=/);
    const unknown = await getPage(`${server.url}/account/data/download?token=not-a-real-token`, owner.cookie);
    expect(unknown.status).toBe(404);
    expect(await text(unknown)).toContain("This download link is not valid");

    await db.dataExport.updateMany({ where: { subjectId: owner.user.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    const expired = await getPage(`${server.url}${link.pathname}${link.search}`, owner.cookie);
    expect(expired.status).toBe(410);
    expect(await text(expired)).toContain("This download link has expired");
    expect((await getPage(`${server.url}/account/data/download.zip${link.search}`, owner.cookie)).status).toBe(410);
  });

  it("shows progress while the copy is prepared, and does not queue a second one meanwhile", async () => {
    const person = await signedInUser();
    // A copy waiting to be built (as if the scheduler had not reached it yet).
    await db.dataExport.create({ data: { subjectId: person.user.id, requestedById: person.user.id, status: "RUNNING", progress: 40, startedAt: new Date() } });
    expect(await text(await getPage(`${server.url}/account/data`, person.cookie))).toContain("Being prepared, 40% done");
    const again = await postForm(`${server.url}/account/data`, {}, person.cookie);
    expect(again.status).toBe(409);
    expect(await text(again)).toContain("A copy is already being prepared");
    expect(await db.dataExport.count({ where: { subjectId: person.user.id } })).toBe(1);
  });
});

describe("asking for a copy many times at once", () => {
  it("queues one copy; every other request is told one is being prepared", async () => {
    const person = await createUser();
    const actor = { ...person.user, emailVerified: true, roles: [] };
    const answers = await Promise.all(Array.from({ length: 10 }, () => requestOwnExport(actor)));
    expect(answers.filter((a) => a.ok)).toHaveLength(1);
    expect(answers.filter((a) => !a.ok && a.status === 409)).toHaveLength(9);
    expect(await db.dataExport.count({ where: { subjectId: person.user.id } })).toBe(1);
  });
});

describe("everything held about a person", () => {
  it("is in their copy: sessions, moderation and safeguarding alerts on what they wrote, votes, invitations, the audit log, board work and more", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const person = await signedInUser({ displayName: `Petra Person ${tag}`, roles: ["COMMISSIONER", "BOARD_SECRETARY"] });
    const staff = await createUser({ displayName: `Staff Sid ${tag}`, roles: ["COMMISSIONER", "FORUM_OFFICER"] });
    const userId = person.user.id;
    const { proposal } = await createProposal();
    const versionId = proposal.versions[0].id;

    // Their comment, hidden by a moderator with a reason, with a safeguarding alert that staff looked at.
    const theirs = await db.comment.create({
      data: {
        proposalId: proposal.id,
        versionId,
        authorId: userId,
        body: `I feel hopeless ${tag}`,
        moderation: "HIDDEN",
        moderationReason: `Names a nurse ${tag}`,
      },
    });
    await db.moderationAction.create({ data: { commentId: theirs.id, actorId: staff.user.id, action: "HIDE", reason: `Names a nurse ${tag}` } });
    await db.safeguardingAlert.create({ data: { commentId: theirs.id, phrases: ["hopeless"], handledAt: new Date(), handledById: staff.user.id } });
    // Moderation they did, a proposal they created, an invitation they accepted.
    const staffComment = await db.comment.create({ data: { proposalId: proposal.id, versionId, authorId: staff.user.id, body: `Staff words ${tag}` } });
    await db.moderationAction.create({ data: { commentId: staffComment.id, actorId: userId, action: "HIDE", reason: `Off topic ${tag}` } });
    await db.proposal.create({ data: { slug: `theirs-${tag}`, title: `Their proposal ${tag}`, summary: "Theirs", createdById: userId } });
    await db.proposalInvitation.create({
      data: { proposalId: proposal.id, email: person.email, tokenHash: crypto.randomUUID(), invitedById: staff.user.id, userId, acceptedAt: new Date() },
    });
    // At a meeting: a question they voted for, and their place, confirmed and reminded.
    const meeting = await createMeeting();
    const question = await db.question.create({ data: { meetingId: meeting.id, authorId: staff.user.id, text: `Will the clinic open late ${tag}` } });
    await db.questionVote.create({ data: { questionId: question.id, userId } });
    const reminded = new Date(Date.now() - 60_000);
    await db.registration.create({
      data: {
        meetingId: meeting.id,
        userId,
        name: person.user.displayName,
        email: person.email,
        code: `P${tag.slice(0, 5)}`.toUpperCase(),
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
        confirmedAt: reminded,
        emailConfirmedAt: reminded,
        remindedAt: reminded,
      },
    });
    // The Forum: why their application was declined (the audit log), and how far they read in a room.
    await db.auditEvent.create({
      data: { actorId: staff.user.id, action: "membership.decline", subject: `user:${userId}`, details: { reason: `Lives outside the city ${tag}` } },
    });
    const room = await db.forumRoom.create({ data: { slug: `room-${tag}`, name: `Room ${tag}`, description: "A room" } });
    await db.forumRoomRead.create({ data: { roomId: room.id, userId, lastReadAt: reminded } });
    // A board: their seat, apologies sent, their vote, an action they own and their update on it, and they keep its record.
    const body = await db.body.create({ data: { slug: `board-${tag}`, name: `Board ${tag}`, kind: "PARTNERSHIP_BOARD", description: "A board" } });
    const seat = await db.seatDefinition.create({
      data: { bodyId: body.id, position: 1, name: `Carer seat ${tag}`, places: 1, voting: true, fillMethod: "APPOINTED" },
    });
    const appointment = await db.appointment.create({
      data: { seatId: seat.id, userId, holderName: person.user.displayName, method: "APPOINTMENT", startsOn: new Date() },
    });
    const boardMeeting = await db.bodyMeeting.create({ data: { bodyId: body.id, title: `March meeting ${tag}`, startsAt: reminded, endsAt: new Date() } });
    await db.attendance.create({ data: { meetingId: boardMeeting.id, appointmentId: appointment.id, name: person.user.displayName, kind: "APOLOGIES" } });
    const decision = await db.decision.create({
      data: { bodyId: body.id, meetingId: boardMeeting.id, year: 2026, number: 4, text: `Fund the crisis café ${tag}`, voteTaken: true },
    });
    await db.decisionVote.create({ data: { decisionId: decision.id, appointmentId: appointment.id, vote: "AGAINST" } });
    const action = await db.boardAction.create({
      data: { bodyId: body.id, meetingId: boardMeeting.id, description: `Write to the trust ${tag}`, ownerId: userId, dueOn: new Date() },
    });
    await db.actionUpdate.create({ data: { actionId: action.id, authorId: userId, text: `Letter sent ${tag}`, status: "DONE" } });
    await db.bodySecretary.create({ data: { bodyId: body.id, userId } });
    // A copy they had before.
    await db.dataExport.create({
      data: { subjectId: userId, requestedById: userId, status: "READY", completedAt: reminded, expiresAt: new Date(Date.now() + 86_400_000) },
    });

    const { data, json, html } = await copyOf(userId);
    expect(data.sessions).toEqual([{ endsIfNotUsedBy: expect.any(String) }]);
    expect(data.comments).toEqual([
      expect.objectContaining({ body: `I feel hopeless ${tag}`, moderation: "HIDDEN", moderationReason: `Names a nurse ${tag}` }),
    ]);
    expect(data.moderationOfYourWriting).toEqual([
      { about: `your comment ${theirs.id}`, what: "Hidden by a moderator", reason: `Names a nurse ${tag}`, at: expect.any(String) },
    ]);
    expect(data.safeguardingAlerts).toEqual([
      { about: `your comment ${theirs.id}`, wordsThatRaisedIt: ["hopeless"], raised: expect.any(String), staffLookedAt: expect.any(String) },
    ]);
    expect(data.moderationsYouMade).toEqual([expect.objectContaining({ what: "Hidden by a moderator", reason: `Off topic ${tag}` })]);
    expect(data.proposals).toEqual([expect.objectContaining({ title: `Their proposal ${tag}`, status: "DRAFT" })]);
    expect(data.invitations).toEqual([expect.objectContaining({ proposal: proposal.title, accepted: expect.any(String) })]);
    expect(data.questionVotes).toEqual([{ meeting: meeting.title, question: `Will the clinic open late ${tag}` }]);
    expect(data.registrations).toEqual([
      expect.objectContaining({ meeting: meeting.title, placeConfirmedAt: reminded.toISOString(), reminderSentAt: reminded.toISOString() }),
    ]);
    expect(data.auditAboutYou).toEqual([
      { what: "A Forum application was declined", by: "a member of staff", details: { reason: `Lives outside the city ${tag}` }, at: expect.any(String) },
    ]);
    expect(data.forumReads).toEqual([{ room: room.name, readUpTo: reminded.toISOString() }]);
    expect(data.attendance).toEqual([expect.objectContaining({ body: body.name, meeting: boardMeeting.title, attendance: "Sent apologies" })]);
    expect(data.boardVotes).toEqual([{ body: body.name, decision: "2026/4", text: `Fund the crisis café ${tag}`, vote: "Against" }]);
    expect(data.boardActions).toEqual([expect.objectContaining({ body: body.name, action: `Write to the trust ${tag}`, status: "Open" })]);
    expect(data.actionUpdates).toEqual([expect.objectContaining({ action: `Write to the trust ${tag}`, update: `Letter sent ${tag}`, status: "Done" })]);
    expect(data.secretaryOf).toEqual([{ body: body.name }]);
    expect(data.dataCopies).toEqual(expect.arrayContaining([expect.objectContaining({ askedBy: "you", status: "READY" })]));
    // Who the staff were is theirs: not the moderator, the handler of the alert, the inviter or the decider.
    expect(json).not.toContain(staff.user.id);
    expect(json).not.toContain(`Staff Sid ${tag}`);
    expect(html).toContain("<h2>Safeguarding alerts about what you wrote</h2>");
    expect(html).toContain(`Lives outside the city ${tag}`);
  });
});

describe("whose data is in a copy", () => {
  it("gives someone who signed up with another person's address none of that person's registrations or emails", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const meeting = await createMeeting();
    const address = uniqueEmail("vera");
    // Vera registers as a guest; later someone signs up with her address and never confirms it.
    const registered = await postForm(`${server.url}/meetings/${meeting.slug}`, {
      name: `Vera Victim ${tag}`,
      email: address,
      accessNeeds: ["bsl"],
      accessOther: `Vera needs ${tag}`,
    });
    expect(registered.status).toBe(302);
    const vera = await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: address } });
    expect(await db.outboxEmail.count({ where: { to: address } })).toBe(1);
    const squatter = await createUser({ verified: false, email: address });

    const { data, json, html } = await copyOf(squatter.user.id);
    expect(data.registrations).toEqual([]);
    for (const theirs of [`Vera Victim ${tag}`, `Vera needs ${tag}`, vera.code, meeting.title]) {
      expect(json).not.toContain(theirs);
      expect(html).not.toContain(theirs);
    }
    expect(data.emails.notIncluded).toContain("You have not confirmed your email address yet");
    expect(data.emails.sentForYourAccount).toEqual([]);
  });

  it("gives a carer who registered someone else with their own address none of that person's details", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const carer = await createUser({ displayName: `Carla Carer ${tag}` });
    const meeting = await createMeeting();
    // Signed out, the carer registers the person they care for, giving their own address.
    const registered = await postForm(`${server.url}/meetings/${meeting.slug}`, {
      name: `Dan Cared-for ${tag}`,
      email: carer.email,
      accessOther: `Dan needs ${tag}`,
    });
    expect(registered.status).toBe(302);
    const dan = await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: carer.email } });

    const { data, json } = await copyOf(carer.user.id);
    expect(data.registrations).toEqual([]);
    for (const theirs of [`Dan Cared-for ${tag}`, `Dan needs ${tag}`, dan.code]) expect(json).not.toContain(theirs);
    // The email itself went to the carer's confirmed address, so it is theirs: listed, by subject.
    expect(data.emails).toEqual([expect.objectContaining({ subject: `Your place at ${meeting.title}` })]);
  });
});

describe("a subject access request", () => {
  it("lets an administrator produce a person's copy, recorded in the audit log, downloadable only by that administrator", async () => {
    const subject = await signedInUser({ displayName: "Sally Subject" });
    const admin = await signedInUser({ roles: ["ADMIN"] });
    const noReference = await postForm(`${server.url}/admin/users/${subject.user.id}`, { intent: "export", reference: "" }, admin.cookie);
    expect(noReference.status).toBe(400);
    expect(await text(noReference)).toContain("Enter the reference of the request");
    expect(await db.dataExport.count({ where: { subjectId: subject.user.id } })).toBe(0);

    const asked = await postForm(`${server.url}/admin/users/${subject.user.id}`, { intent: "export", reference: "SAR-2026-031" }, admin.cookie);
    expect(asked.status).toBe(200);
    await processDataExports();
    const audit = await db.auditEvent.findFirstOrThrow({ where: { subject: `user:${subject.user.id}`, action: "personal-data.export" } });
    expect(audit).toMatchObject({ actorId: admin.user.id, details: { reference: "SAR-2026-031" } });
    await expect.poll(() => db.outboxEmail.count({ where: { to: admin.email, subject: "Your copy of your Touchstone data is ready" } }), BUILT).toBe(1);
    const mail = await db.outboxEmail.findFirstOrThrow({ where: { to: admin.email, subject: "Your copy of your Touchstone data is ready" } });
    const link = new URL(/http\S+\/account\/data\/download\?token=\S+/.exec(mail.text)![0]);
    const file = await getPage(`${server.url}/account/data/download.zip${link.search}`, admin.cookie);
    expect(file.status).toBe(200);
    const data = JSON.parse(strFromU8(unzipSync(new Uint8Array(await file.arrayBuffer()))["touchstone-data.json"]));
    expect(data.account).toMatchObject({ email: subject.email, displayName: "Sally Subject" });
    // Not even the subject can open the administrator's link.
    expect((await getPage(`${server.url}/account/data/download.zip${link.search}`, subject.cookie)).status).toBe(403);
  });

  it("is refused to someone without the right role, and nothing is exported", async () => {
    const subject = await signedInUser();
    const officer = await signedInUser({ roles: ["FORUM_OFFICER", "COMMISSIONER"] });
    const response = await postForm(`${server.url}/admin/users/${subject.user.id}`, { intent: "export", reference: "SAR-9" }, officer.cookie);
    expect(response.status).toBe(403);
    expect(await text(response)).toContain("Only administrators can answer a subject access request");
    expect(await db.dataExport.count({ where: { subjectId: subject.user.id } })).toBe(0);
    expect(await db.auditEvent.count({ where: { subject: `user:${subject.user.id}` } })).toBe(0);
  });
});

import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser, uniqueEmail } from "../../../test/helpers/factories";
import { createMeeting } from "../../../test/helpers/meetings";
import { releaseUnconfirmedPlaces } from "#app/features/meetings/registrations.server";

// An email address anyone can type is not proof of who someone is (docs/decisions/017).

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const DAY = 86_400_000;
const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");
const latestEmailTo = (email: string) => db.outboxEmail.findFirstOrThrow({ where: { to: email }, orderBy: { createdAt: "desc" } });
const pathIn = (mailText: string, prefix: string) => new RegExp(`${prefix}/\\S+`).exec(mailText)![0];

async function forumMember(options: { verified?: boolean } = {}) {
  const person = await signedInUser({ roles: ["FORUM_MEMBER"], verified: options.verified });
  await db.forumMembership.create({
    data: { userId: person.user.id, category: "SERVICE_USER", postcode: "M6 5JA", residentVerified: true, status: "VERIFIED" },
  });
  return person;
}

async function election(phase: "nominations" | "voting") {
  const slug = `election-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: {
      slug: `body-${slug}`,
      name: `Board ${slug}`,
      kind: "PARTNERSHIP_BOARD",
      description: "Test",
      seats: {
        create: [
          {
            position: 1,
            name: "Seat",
            places: 1,
            voting: true,
            fillMethod: "ELECTED",
            eligibleCategories: ["SERVICE_USER"],
            residencyRequired: false,
            termMonths: 24,
          },
        ],
      },
    },
    include: { seats: true },
  });
  const offsets = phase === "nominations" ? [-1, 1, 2, 3] : [-10, -5, -1, 5];
  const officer = await signedInUser({ roles: ["FORUM_OFFICER"] });
  const now = Date.now();
  const created = await db.election.create({
    data: {
      slug,
      title: `Election ${slug}`,
      seatId: body.seats[0].id,
      places: 1,
      constituency: ["SERVICE_USER"],
      residencyRequired: false,
      nominationsOpenAt: new Date(now + offsets[0] * DAY),
      nominationsCloseAt: new Date(now + offsets[1] * DAY),
      votingOpenAt: new Date(now + offsets[2] * DAY),
      votingCloseAt: new Date(now + offsets[3] * DAY),
      salt: "salt",
      lotSeed: "seed",
      createdById: officer.user.id,
    },
  });
  const candidate = await forumMember();
  const nomination = await db.nomination.create({
    data: {
      electionId: created.id,
      candidateId: candidate.user.id,
      nominatedById: candidate.user.id,
      statement: "I will listen.",
      acceptedAt: new Date(),
      confirmedAt: new Date(),
    },
  });
  return { election: created, candidate, nomination };
}

describe("taking part needs a confirmed email address", () => {
  it("refuses commenting, agreeing and reporting; the page says why and offers the link again", async () => {
    const { proposal } = await createProposal();
    const unconfirmed = await signedInUser({ verified: false });
    const other = await signedInUser();
    const page = await text(await getPage(`${server.url}/proposals/${proposal.slug}`, unconfirmed.cookie));
    expect(page).toContain("Confirm your email address first");
    expect(page).toContain("Send the link again");
    expect(page).not.toContain("Post comment");

    const refused = await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "Hello from nobody" }, unconfirmed.cookie);
    expect(refused.status).toBe(403);
    expect(await text(refused)).toContain("Confirm your email address before you take part");
    expect(await db.comment.count({ where: { proposalId: proposal.id, authorId: unconfirmed.user.id } })).toBe(0);

    expect((await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "A real comment" }, other.cookie)).status).toBe(302);
    const comment = await db.comment.findFirstOrThrow({ where: { proposalId: proposal.id, authorId: other.user.id } });
    expect(
      (await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "report", commentId: comment.id, reason: "Throwaway report" }, unconfirmed.cookie))
        .status,
    ).toBe(403);
    expect((await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "agree", commentId: comment.id }, unconfirmed.cookie)).status).toBe(403);
    expect(await db.commentReport.count({ where: { reporterId: unconfirmed.user.id } })).toBe(0);
    expect((await db.comment.findUniqueOrThrow({ where: { id: comment.id } })).agreeCount).toBe(0);

    // Once the address is confirmed the same session may comment.
    await db.user.update({ where: { id: unconfirmed.user.id }, data: { emailVerifiedAt: new Date() } });
    expect((await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "Now confirmed" }, unconfirmed.cookie)).status).toBe(302);
  });

  it("refuses registering and asking questions", async () => {
    const meeting = await createMeeting();
    const unconfirmed = await signedInUser({ verified: false });
    const page = await text(await getPage(`${server.url}/meetings/${meeting.slug}`, unconfirmed.cookie));
    expect(page).toContain("Send the link again");
    expect(page).not.toContain(">Register</button>");
    expect((await postForm(`${server.url}/meetings/${meeting.slug}`, {}, unconfirmed.cookie)).status).toBe(403);
    expect(await db.registration.count({ where: { meetingId: meeting.id } })).toBe(0);

    // Even holding a place (from before this rule), an unconfirmed account cannot ask or vote.
    await db.registration.create({
      data: {
        meetingId: meeting.id,
        userId: unconfirmed.user.id,
        name: "U",
        email: unconfirmed.email,
        code: crypto.randomBytes(4).toString("hex").toUpperCase(),
        cancelTokenHash: crypto.randomUUID(),
        status: "CONFIRMED",
        emailConfirmedAt: new Date(),
      },
    });
    const ask = await postForm(`${server.url}/meetings/${meeting.slug}/questions`, { intent: "ask", text: "Who am I?" }, unconfirmed.cookie);
    expect(ask.status).toBe(403);
    expect(await db.question.count({ where: { meetingId: meeting.id } })).toBe(0);
    expect(await text(await getPage(`${server.url}/meetings/${meeting.slug}/questions`, unconfirmed.cookie))).toContain("Send the link again");
  });

  it("refuses nominating, voting and applying to the Forum", async () => {
    const nominations = await election("nominations");
    const member = await forumMember({ verified: false });
    expect(await text(await getPage(`${server.url}/elections/${nominations.election.slug}`, member.cookie))).toContain("Send the link again");
    expect(
      (await postForm(`${server.url}/elections/${nominations.election.slug}`, { intent: "nominate", candidateId: "", statement: "Me" }, member.cookie)).status,
    ).toBe(403);
    expect(await db.nomination.count({ where: { electionId: nominations.election.id, nominatedById: member.user.id } })).toBe(0);

    const voting = await election("voting");
    expect(await text(await getPage(`${server.url}/elections/${voting.election.slug}/vote`, member.cookie))).toContain("Send the link again");
    const vote = await postForm(`${server.url}/elections/${voting.election.slug}/vote`, { intent: "cast", ranking: voting.nomination.id }, member.cookie);
    expect(vote.status).toBe(403);
    expect(await db.voterRecord.count({ where: { electionId: voting.election.id } })).toBe(0);

    const applicant = await signedInUser({ verified: false });
    expect(await text(await getPage(`${server.url}/forum/membership`, applicant.cookie))).toContain("Send the link again");
    expect((await postForm(`${server.url}/forum/membership`, { category: "CARER", postcode: "M6 5JA" }, applicant.cookie)).status).toBe(403);
    expect(await db.forumMembership.count({ where: { userId: applicant.user.id } })).toBe(0);
  });

  it("sends the link again from one shared action, but not more than once a minute", async () => {
    const person = await signedInUser({ verified: false });
    const first = await postForm(`${server.url}/auth/resend-verification`, {}, person.cookie);
    expect([first.status, first.headers.get("location")]).toEqual([200, null]);
    expect((await latestEmailTo(person.email)).subject).toBe("Confirm your email address for Touchstone");
    const second = await postForm(`${server.url}/auth/resend-verification`, {}, person.cookie);
    expect(second.status).toBe(429);
    expect(await text(second)).toContain("We sent you a link less than a minute ago");
    expect(await db.outboxEmail.count({ where: { to: person.email } })).toBe(1);
    // Three in the last hour is the most, however far apart.
    await db.accountToken.updateMany({ where: { userId: person.user.id }, data: { createdAt: new Date(Date.now() - 30 * 60_000) } });
    for (let i = 0; i < 2; i++)
      await db.accountToken.create({
        data: {
          tokenHash: crypto.randomUUID(),
          userId: person.user.id,
          purpose: "EMAIL_VERIFICATION",
          expiresAt: new Date(Date.now() + DAY),
          createdAt: new Date(Date.now() - 20 * 60_000),
        },
      });
    const third = await postForm(`${server.url}/auth/resend-verification`, {}, person.cookie);
    expect(third.status).toBe(429);
    expect(await text(third)).toContain("We have sent you several links in the last hour");
    // Older than an hour, they no longer count.
    await db.accountToken.updateMany({ where: { userId: person.user.id }, data: { createdAt: new Date(Date.now() - 2 * 3_600_000) } });
    expect((await postForm(`${server.url}/auth/resend-verification`, {}, person.cookie)).status).toBe(200);
  });
});

describe("registrations belong to accounts, not to whoever types an address", () => {
  it("does not show, cancel or speak for someone else's registration to an account made with their address", async () => {
    const meeting = await createMeeting();
    const victim = uniqueEmail("victim");
    expect((await postForm(`${server.url}/meetings/${meeting.slug}`, { name: "Victoria", email: victim })).status).toBe(302);
    expect((await postForm(`${server.url}${pathIn((await latestEmailTo(victim)).text, "/meetings/confirm")}`, {})).status).toBe(200);
    const registration = await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: victim } });
    expect(registration.emailConfirmedAt).not.toBeNull();

    // Someone signs up with the victim's address; they never confirm it.
    const impostor = await signedInUser({ email: victim, verified: false });
    const mine = await text(await getPage(`${server.url}/account/registrations`, impostor.cookie));
    expect(mine).not.toContain(registration.code);
    expect(mine).toContain("You have not registered for any meetings");
    expect(await text(await getPage(`${server.url}/meetings/${meeting.slug}`, impostor.cookie))).not.toContain(registration.code);
    expect((await postForm(`${server.url}/account/registrations`, { registrationId: registration.id }, impostor.cookie)).status).toBe(404);
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).status).toBe("CONFIRMED");
    expect((await postForm(`${server.url}/meetings/${meeting.slug}/questions`, { intent: "ask", text: "As Victoria" }, impostor.cookie)).status).toBe(403);
    expect((await db.registration.findUniqueOrThrow({ where: { id: registration.id } })).userId).toBeNull();
  });

  it("attaches a confirmed guest registration to the account once the account's address is confirmed", async () => {
    const meeting = await createMeeting();
    const email = uniqueEmail("later");
    await postForm(`${server.url}/meetings/${meeting.slug}`, { name: "Later", email });
    await postForm(`${server.url}${pathIn((await latestEmailTo(email)).text, "/meetings/confirm")}`, {});
    const signUp = await postForm(`${server.url}/auth/sign-up`, {
      email,
      displayName: "Later",
      password: "lantern-orchard-seven",
      confirmPassword: "lantern-orchard-seven",
      stakeholderType: "PUBLIC",
    });
    expect(signUp.status).toBe(302);
    const user = await db.user.findUniqueOrThrow({ where: { email } });
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email } })).userId).toBeNull();
    const verify = /\/auth\/verify-email\S+/.exec((await latestEmailTo(email)).text)![0];
    expect((await getPage(`${server.url}${verify}`)).status).toBe(200);
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email } })).userId).toBe(user.id);
  });

  it("attaches a guest registration to a confirmed account only when the guest opens the link", async () => {
    const meeting = await createMeeting();
    const account = await signedInUser();
    await postForm(`${server.url}/meetings/${meeting.slug}`, { name: "Guest", email: account.email });
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id } })).userId).toBeNull();
    expect(await text(await getPage(`${server.url}/account/registrations`, account.cookie))).toContain("You have not registered for any meetings");
    const link = pathIn((await latestEmailTo(account.email)).text, "/meetings/confirm");
    expect(await text(await getPage(`${server.url}${link}`))).toContain("Confirm my place"); // opening the page changes nothing
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id } })).emailConfirmedAt).toBeNull();
    expect((await postForm(`${server.url}${link}`, {})).status).toBe(200);
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id } })).userId).toBe(account.user.id);
    expect(await text(await getPage(`${server.url}/account/registrations`, account.cookie))).toContain(meeting.title);
  });
});

describe("guest registrations", () => {
  it("hold the place for 48 hours; an unconfirmed one is released and the waiting list moves up", async () => {
    const meeting = await createMeeting({ capacity: 1 });
    const [first, second] = [uniqueEmail("hold1"), uniqueEmail("hold2")];
    await postForm(`${server.url}/meetings/${meeting.slug}`, { name: "First", email: first });
    await postForm(`${server.url}/meetings/${meeting.slug}`, { name: "Second", email: second });
    expect((await latestEmailTo(first)).text).toContain("within 48 hours");
    expect(await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: first } })).toMatchObject({
      status: "CONFIRMED",
      emailConfirmedAt: null,
    });

    // Within the 48 hours nothing is released.
    await releaseUnconfirmedPlaces();
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: first } })).status).toBe("CONFIRMED");

    await db.registration.updateMany({ where: { meetingId: meeting.id, email: first }, data: { createdAt: new Date(Date.now() - 49 * 3_600_000) } });
    expect(await releaseUnconfirmedPlaces()).toBeGreaterThanOrEqual(1);
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: first } })).status).toBe("CANCELLED");
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id, email: second } })).status).toBe("CONFIRMED");
    const promoted = await latestEmailTo(second);
    expect(promoted.subject).toBe(`Your place at ${meeting.title}`);
    expect(promoted.text).toContain("/meetings/confirm/"); // still theirs to confirm
    // The first guest's link no longer keeps a place.
    const late = await postForm(`${server.url}${pathIn((await db.outboxEmail.findFirstOrThrow({ where: { to: first } })).text, "/meetings/confirm")}`, {});
    expect(late.status).toBe(409);
  });

  it("keeps a place confirmed in time", async () => {
    const meeting = await createMeeting({ capacity: 1 });
    const email = uniqueEmail("intime");
    await postForm(`${server.url}/meetings/${meeting.slug}`, { name: "In time", email });
    expect((await postForm(`${server.url}${pathIn((await latestEmailTo(email)).text, "/meetings/confirm")}`, {})).status).toBe(200);
    await db.registration.updateMany({ where: { meetingId: meeting.id }, data: { createdAt: new Date(Date.now() - 49 * 3_600_000) } });
    await releaseUnconfirmedPlaces();
    expect((await db.registration.findFirstOrThrow({ where: { meetingId: meeting.id } })).status).toBe("CONFIRMED");
  });

  it("are limited per address: a fourth unconfirmed registration in a day is refused and writes nothing", async () => {
    const email = uniqueEmail("flood");
    const meetings = [await createMeeting(), await createMeeting(), await createMeeting(), await createMeeting()];
    for (const m of meetings.slice(0, 3)) expect((await postForm(`${server.url}/meetings/${m.slug}`, { name: "Flood", email })).status).toBe(302);
    const refused = await postForm(`${server.url}/meetings/${meetings[3].slug}`, { name: "Flood", email });
    expect(refused.status).toBe(429);
    expect(await text(refused)).toContain("registered for several meetings without confirming");
    expect(await db.registration.count({ where: { meetingId: meetings[3].id } })).toBe(0);
  });
});

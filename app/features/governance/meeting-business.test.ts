import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PDFDocument } from "pdf-lib";
import { db } from "#app/utils/db.server";
import { createPdf } from "#app/utils/pdf.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { recordingPublisher } from "../../../test/helpers/consultations";
import { getPage, postForm, secretaryOf, signedInUser } from "../../../test/helpers/factories";
import { remindActionOwners } from "./actions.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");
/** The messages of a form's error summary, as the person reads them. */
const errorSummary = (page: string) => [...page.matchAll(/<ul class="nhsuk-list nhsuk-error-summary__list"[^>]*>(.*?)<\/ul>/gs)].map((m) => m[1]).join("\n");
const DAY = 86_400_000;

/**
 * A small Board: two council and two NHS voting seats, two Forum-elected voting seats, one
 * adviser; quorum a third of 6 voting places (2), a member from each partner and a Forum rep.
 */
async function board() {
  const slug = `board-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({
    data: {
      slug,
      name: `Board ${slug}`,
      kind: "PARTNERSHIP_BOARD",
      description: "Test board",
      quorumPartners: ["City Council", "Primary Care Trust"],
      seats: {
        create: [
          { position: 1, name: "Councillor", organisation: "City Council", places: 2, voting: true, fillMethod: "EX_OFFICIO" },
          { position: 2, name: "NHS director", organisation: "Primary Care Trust", places: 2, voting: true, fillMethod: "EX_OFFICIO" },
          { position: 3, name: "Forum representative", organisation: "Mental Health Forum", places: 2, voting: true, fillMethod: "ELECTED" },
          { position: 4, name: "Consultant psychiatrist", organisation: "Mental Health NHS Trust", places: 1, voting: false, fillMethod: "ADVISORY" },
        ],
      },
    },
    include: { seats: { orderBy: { position: "asc" } } },
  });
  const [council, nhs, forum, adviser] = body.seats;
  const owner = await signedInUser();
  const appoint = (seatId: string, holderName: string, userId?: string) =>
    db.appointment.create({ data: { seatId, holderName, userId, method: "EX_OFFICIO", startsOn: new Date(Date.now() - 400 * DAY) } });
  const people = {
    cllr: await appoint(council.id, "Cllr Ann Lee", owner.user.id),
    director: await appoint(nhs.id, "Raj Patel"),
    rep: await appoint(forum.id, "Jo Bloggs"),
    psychiatrist: await appoint(adviser.id, "Dr Kay Moss"),
  };
  const meeting = async (daysFromNow: number, title = "Board meeting") =>
    db.bodyMeeting.create({
      data: {
        bodyId: body.id,
        title,
        startsAt: new Date(Date.now() + daysFromNow * DAY),
        endsAt: new Date(Date.now() + daysFromNow * DAY + 7_200_000),
        agendaItems: {
          create: [
            { position: 1, title: "Crisis café" },
            { position: 2, title: "Budget" },
          ],
        },
      },
      include: { agendaItems: { orderBy: { position: "asc" } } },
    });
  const secretary = await secretaryOf(body.id);
  return { body, people, meeting, secretary, owner, url: (m: { id: string }) => `${server.url}/bodies/${slug}/meetings/${m.id}` };
}

describe("attendance and quorum", () => {
  it("checks the quorum against the body's rule, with its reasons", async () => {
    const { people, meeting, secretary, url } = await board();
    const m = await meeting(-2);
    const record = (present: string[]) =>
      postForm(url(m), { intent: "attendance", present, apologies: [people.director.id], inAttendance: "Sue Grant, minute taker" }, secretary.cookie);
    expect((await record([people.cllr.id, people.rep.id, people.psychiatrist.id])).status).toBe(200);
    let page = await text(await getPage(url(m)));
    expect(page).toContain("Not quorate");
    expect(page).toContain("No voting member from Primary Care Trust is present");
    expect(page).toContain("Sue Grant (minute taker)");

    const both = await postForm(url(m), { intent: "attendance", present: [people.director.id], apologies: [people.director.id] }, secretary.cookie);
    expect(both.status).toBe(400);
    expect(await text(both)).toContain("Someone cannot be both present and sending apologies");

    await postForm(url(m), { intent: "attendance", present: [people.cllr.id, people.director.id, people.rep.id] }, secretary.cookie);
    page = await text(await getPage(url(m)));
    expect(page).toContain("Quorate");
    expect(page).toContain("3 of 6 voting places present; at least 2 needed.");
  });
});

describe("decisions", () => {
  it("numbers decisions per body and year, even when recorded at the same moment", async () => {
    const { body, meeting, secretary, url } = await board();
    const m = await meeting(-1);
    const responses = await Promise.all(
      Array.from({ length: 6 }, (_, i) => postForm(url(m), { intent: "decision", itemId: m.agendaItems[0].id, text: `Decision ${i}` }, secretary.cookie)),
    );
    expect(responses.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const numbers = (await db.decision.findMany({ where: { bodyId: body.id }, select: { number: true } })).map((d) => d.number).sort((a, b) => a - b);
    expect(numbers).toEqual([1, 2, 3, 4, 5, 6]);
    // Another body counts from 1.
    const other = await board();
    const om = await other.meeting(-1);
    await postForm(other.url(om), { intent: "decision", text: "Their first" }, other.secretary.cookie);
    expect((await db.decision.findFirstOrThrow({ where: { bodyId: other.body.id } })).number).toBe(1);
  });

  it("records the votes of voting members present, refusing anyone else's", async () => {
    const { people, meeting, secretary, url } = await board();
    const m = await meeting(-1);
    await postForm(url(m), { intent: "attendance", present: [people.cllr.id, people.director.id, people.rep.id, people.psychiatrist.id] }, secretary.cookie);
    const decision = { intent: "decision", itemId: m.agendaItems[1].id, text: "To fund the crisis café for two years", voteTaken: "on" };
    const adviserVotes = await postForm(
      url(m),
      { ...decision, [`vote-${people.cllr.id}`]: "FOR", [`vote-${people.psychiatrist.id}`]: "FOR" },
      secretary.cookie,
    );
    expect(adviserVotes.status).toBe(400);
    expect(await text(adviserVotes)).toContain("Dr Kay Moss does not hold a voting seat");
    const strangerVote = await postForm(url(m), { ...decision, "vote-nobody": "FOR" }, secretary.cookie);
    expect(strangerVote.status).toBe(400);
    const badValue = await postForm(url(m), { ...decision, [`vote-${people.cllr.id}`]: "MAYBE" }, secretary.cookie);
    expect(badValue.status).toBe(400);
    expect(await db.decision.count({ where: { meetingId: m.id } })).toBe(0);

    const ok = await postForm(
      url(m),
      { ...decision, [`vote-${people.cllr.id}`]: "FOR", [`vote-${people.director.id}`]: "FOR", [`vote-${people.rep.id}`]: "AGAINST" },
      secretary.cookie,
    );
    expect(ok.status).toBe(200);
    // The public sees decisions once the minutes are published.
    expect(await text(await getPage(url(m)))).not.toContain("To fund the crisis café");
    await postForm(url(m), { intent: "publish-minutes" }, secretary.cookie);
    expect(await text(await getPage(url(m)))).toMatch(
      /To fund the crisis café for two years.*Vote: for 2 \(Cllr Ann Lee, Raj Patel\); against 1 \(Jo Bloggs\); abstained 0/s,
    );
  });

  it("refuses everyone but secretaries and administrators, and decisions without a meeting of this body", async () => {
    const { meeting, url, body } = await board();
    const m = await meeting(-1);
    // A board secretary who does not keep this body's record is refused like anyone else.
    for (const roles of [["COMMISSIONER"], ["FORUM_OFFICER"], ["BOARD_SECRETARY"], []] as const) {
      const person = await signedInUser({ roles: [...roles] });
      expect((await postForm(url(m), { intent: "decision", text: "Sneaky" }, person.cookie)).status).toBe(403);
    }
    const admin = await signedInUser({ roles: ["ADMIN"] });
    expect((await postForm(url(m), { intent: "decision", text: "By the administrator" }, admin.cookie)).status).toBe(200);
    const other = await board();
    const elsewhere = await postForm(
      `${server.url}/bodies/${body.slug}/meetings/${(await other.meeting(-1)).id}`,
      { intent: "decision", text: "Wrong body" },
      admin.cookie,
    );
    expect(elsewhere.status).toBe(404);
    expect(await db.decision.count({ where: { text: { in: ["Sneaky", "Wrong body"] } } })).toBe(0);
  });
});

describe("minutes", () => {
  it("are drafted per item, published as a draft (telling followers), and approved at the next meeting, after which they are fixed", async () => {
    const { body, meeting, secretary, url } = await board();
    const follower = await signedInUser();
    expect((await postForm(`${server.url}/bodies/${body.slug}`, { intent: "follow" }, follower.cookie)).status).toBe(302);
    const first = await meeting(-30, "March meeting");
    const next = await meeting(-1, "April meeting");
    expect(
      (
        await postForm(
          url(first),
          { intent: "item-minutes", itemId: first.agendaItems[0].id, minutes: "The Board heard from the Forum about the café." },
          secretary.cookie,
        )
      ).status,
    ).toBe(200);
    expect(await text(await getPage(url(first)))).not.toContain("heard from the Forum");

    const early = await postForm(url(next), { intent: "approve-minutes", earlierMeetingId: first.id }, secretary.cookie);
    expect(early.status).toBe(409);
    expect((await postForm(url(first), { intent: "publish-minutes" }, secretary.cookie)).status).toBe(200);
    expect(await db.notification.count({ where: { userId: follower.user.id, kind: "body-papers" } })).toBe(1);
    expect(await text(await getPage(url(first)))).toContain("Minutes: draft, to be approved at the next meeting");

    expect((await postForm(url(next), { intent: "approve-minutes", earlierMeetingId: first.id }, secretary.cookie)).status).toBe(200);
    expect((await postForm(url(next), { intent: "approve-minutes", earlierMeetingId: first.id }, secretary.cookie)).status).toBe(409);
    const approval = await db.decision.findFirstOrThrow({ where: { meetingId: next.id } });
    expect(approval.text).toMatch(/^The minutes of the meeting on .* were approved as a correct record\.$/);
    expect(await text(await getPage(url(first)))).toContain("Minutes: approved as a correct record");
    const fixed = await postForm(url(first), { intent: "item-minutes", itemId: first.agendaItems[0].id, minutes: "Rewritten" }, secretary.cookie);
    expect(fixed.status).toBe(409);

    const pdf = await getPage(`${url(first)}/minutes.pdf`);
    expect(pdf.headers.get("content-type")).toBe("application/pdf");
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
    ).toBe("%PDF-");
    expect((await getPage(`${url(next)}/minutes.pdf`)).status).toBe(404);
  });
});

describe("actions", () => {
  it("carry open actions to later agendas until done, with owners' updates and one reminder", async () => {
    const { meeting, secretary, owner, url, body } = await board();
    const first = await meeting(-20);
    const later = await meeting(-1);
    const noOwner = await postForm(url(first), { intent: "add-action", description: "Find a venue", dueOn: "2026-12-01" }, secretary.cookie);
    expect(noOwner.status).toBe(400);
    expect(await text(noOwner)).toContain("Say who owns the action");
    const due = new Date(Date.now() + 2 * DAY).toISOString().slice(0, 10);
    expect(
      (
        await postForm(
          url(first),
          { intent: "add-action", description: "Find a venue for the crisis café", ownerId: owner.user.id, dueOn: due },
          secretary.cookie,
        )
      ).status,
    ).toBe(200);
    expect(
      (await postForm(url(first), { intent: "add-action", description: "Write to the council", ownerPost: "Board secretary", dueOn: due }, secretary.cookie))
        .status,
    ).toBe(200);
    expect(await db.notification.count({ where: { userId: owner.user.id, kind: "action" } })).toBe(1);

    const carried = async () => (await text(await getPage(url(later), secretary.cookie))).split('id="carried-actions"')[1].split("</li>\n")[0];
    expect(await carried()).toContain("Find a venue for the crisis café");
    await remindActionOwners(recordingPublisher());
    await remindActionOwners(recordingPublisher());
    expect(await db.notification.count({ where: { userId: owner.user.id, kind: "action" } })).toBe(2);

    const action = await db.boardAction.findFirstOrThrow({ where: { bodyId: body.id, ownerId: owner.user.id } });
    const stranger = await signedInUser();
    expect(
      (await postForm(`${server.url}/actions`, { intent: "update-action", actionId: action.id, text: "Done it", status: "DONE" }, stranger.cookie)).status,
    ).toBe(403);
    expect(
      (await postForm(`${server.url}/actions`, { intent: "update-action", actionId: action.id, text: "Booked Hemsley House", status: "DONE" }, owner.cookie))
        .status,
    ).toBe(200);
    expect(await text(await getPage(`${server.url}/actions`, owner.cookie))).toContain("Booked Hemsley House (now done)");
    expect(await carried()).not.toContain("Find a venue for the crisis café");
    expect(await carried()).toContain("Write to the council");
  });
});

describe("papers", () => {
  const pdfBytes = Buffer.from("%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n");
  const upload = (url: string, cookie: string, itemId: string, name: string, bytes: Buffer, type = "application/pdf") => {
    const body = new FormData();
    body.set("intent", "upload-paper");
    body.set("itemId", itemId);
    body.set("title", "Crisis café business case");
    body.set("file", new File([new Uint8Array(bytes)], name, { type }));
    return fetch(url, { method: "POST", body, headers: { Cookie: cookie }, redirect: "manual" });
  };

  it("accepts PDF and Word documents up to 10 MB, refusing others, and serves them as downloads once published", async () => {
    const { meeting, secretary, url, body } = await board();
    const m = await meeting(5);
    const item = m.agendaItems[0].id;
    const fake = await upload(url(m), secretary.cookie, item, "virus.pdf", Buffer.from("MZ\x90\x00 not a pdf"));
    expect(fake.status).toBe(400);
    expect(await text(fake)).toContain("The file must be a PDF or a Word document");
    expect((await upload(url(m), secretary.cookie, item, "script.html", Buffer.from("<script>"), "text/html")).status).toBe(400);
    const huge = await upload(url(m), secretary.cookie, item, "huge.pdf", Buffer.concat([pdfBytes, Buffer.alloc(10 * 1024 * 1024 + 10)]));
    expect(huge.status).toBe(413);
    expect(await text(huge)).toContain("10 MB or smaller");
    expect(await db.agendaPaper.count({ where: { itemId: item } })).toBe(0);
    const member = await signedInUser();
    expect((await upload(url(m), member.cookie, item, "case.pdf", pdfBytes)).status).toBe(403);

    expect((await upload(url(m), secretary.cookie, item, "../../business case.pdf", pdfBytes)).status).toBe(200);
    const paper = await db.agendaPaper.findFirstOrThrow({ where: { itemId: item } });
    expect(paper).toMatchObject({ fileName: "business case.pdf", contentType: "application/pdf", size: pdfBytes.length });
    const download = `${server.url}/bodies/${body.slug}/papers/${paper.id}`;
    expect((await getPage(download)).status).toBe(404);
    expect((await postForm(url(m), { intent: "publish-papers" }, secretary.cookie)).status).toBe(200);
    const file = await getPage(download);
    expect(file.headers.get("content-type")).toBe("application/pdf");
    expect(file.headers.get("content-disposition")).toBe('attachment; filename="business case.pdf"');
    expect(file.headers.get("x-content-type-options")).toBe("nosniff");
    expect(Buffer.from(await file.arrayBuffer()).equals(pdfBytes)).toBe(true);
    expect(await text(await getPage(url(m)))).not.toContain(paper.storageKey!);

    // A readable PDF paper joins the agenda pack, page for page.
    const agendaOnly = await PDFDocument.load(await (await getPage(`${url(m)}/agenda.pdf`)).arrayBuffer());
    const threePages = createPdf("Business case");
    threePages.para("Page one");
    threePages.doc.addPage();
    threePages.para("Page two");
    threePages.doc.addPage();
    threePages.para("Page three");
    expect((await upload(url(m), secretary.cookie, m.agendaItems[1].id, "budget.pdf", await threePages.finish())).status).toBe(200);
    const pack = await getPage(`${url(m)}/agenda.pdf`);
    expect(pack.headers.get("content-type")).toBe("application/pdf");
    expect((await PDFDocument.load(await pack.arrayBuffer())).getPageCount()).toBe(agendaOnly.getPageCount() + 3);
  });

  it("refuses a meeting in a closed body", async () => {
    const { body, secretary } = await board();
    await db.body.update({ where: { id: body.id }, data: { closedAt: new Date() } });
    const response = await postForm(
      `${server.url}/bodies/${body.slug}`,
      { intent: "add-meeting", title: "One more", date: "2027-02-01", startTime: "10:00", endTime: "11:00" },
      secretary.cookie,
    );
    expect(response.status).toBe(409);
    expect(await db.bodyMeeting.count({ where: { bodyId: body.id } })).toBe(0);
  });
});

describe("reports with recommendations", () => {
  it("are written by the body's own secretaries, and named on the meeting page only once its papers are published", async () => {
    const { meeting, secretary, url } = await board();
    const m = await meeting(7);
    // A board secretary, but not of this body.
    const otherSecretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    expect((await getPage(`${url(m)}/reports/new`, otherSecretary.cookie)).status).toBe(403);
    expect((await getPage(`${url(m)}/reports/new`, secretary.cookie)).status).toBe(200);
    const title = `Closing the day centre ${crypto.randomUUID().slice(0, 8)}`;
    const created = await postForm(
      `${url(m)}/reports/new`,
      {
        title,
        portfolio: "Adult social care",
        service: "Mental health commissioning",
        wards: "All",
        keyDecision: "yes",
        forwardPlan: "yes",
        summary: "Not yet public.",
        recommendations: "1. Close the centre.",
        contactOfficer: "Priya Shah",
        officerSignOff: "Director of commissioning",
        portfolioHolderSignOff: "Cllr Ann Lee",
      },
      secretary.cookie,
    );
    expect(created.status).toBe(302);
    const member = await signedInUser();
    const pages = (cookie?: string) => [
      getPage(url(m), cookie),
      getPage(`${url(m)}?_data=${encodeURIComponent("routes/bodies+/$slug_.meetings.$meetingId")}`, cookie),
    ];
    for (const cookie of [undefined, member.cookie, otherSecretary.cookie]) {
      for (const response of await Promise.all(pages(cookie))) expect(await text(response)).not.toContain(title);
    }
    expect(await text(await getPage(url(m), secretary.cookie))).toContain(title);
    await postForm(url(m), { intent: "publish-papers" }, secretary.cookie);
    expect(await text(await getPage(url(m)))).toContain(title);
  });

  it("decides each recommendation on its own, each a numbered decision", async () => {
    const { meeting, secretary, url, body } = await board();
    const m = await meeting(-1);
    const report = {
      title: "Crisis café",
      itemId: m.agendaItems[0].id,
      portfolio: "Adult social care",
      service: "Mental health commissioning",
      wards: "All",
      keyDecision: "yes",
      forwardPlan: "no",
      summary: "A café open 6pm to midnight.",
      recommendations: "1. Fund the café for two years.\n2. Run it with a voluntary-sector partner.\n3. Review it after a year.",
      contactOfficer: "Priya Shah",
      officerSignOff: "Director of commissioning",
      portfolioHolderSignOff: "Cllr Ann Lee",
    };
    const missing = await postForm(`${url(m)}/reports/new`, { ...report, recommendations: "" }, secretary.cookie);
    expect(missing.status).toBe(400);
    expect((await postForm(`${url(m)}/reports/new`, report, (await signedInUser()).cookie)).status).toBe(403);
    const created = await postForm(`${url(m)}/reports/new`, report, secretary.cookie);
    expect(created.status).toBe(302);
    const reportUrl = `${server.url}${created.headers.get("location")}`;
    const recommendations = await db.recommendation.findMany({ where: { report: { meetingId: m.id } }, orderBy: { number: "asc" } });
    expect(recommendations.map((r) => r.text)).toEqual(["Fund the café for two years.", "Run it with a voluntary-sector partner.", "Review it after a year."]);

    const decide = (i: number, fields: Record<string, string>) =>
      postForm(reportUrl, { intent: "decide-recommendation", recommendationId: recommendations[i].id, ...fields }, secretary.cookie);
    expect((await decide(0, { outcome: "APPROVED" })).status).toBe(200);
    expect((await decide(1, { outcome: "AMENDED" })).status).toBe(400);
    expect((await decide(1, { outcome: "AMENDED", amendedText: "Run it with two voluntary-sector partners." })).status).toBe(200);
    expect((await decide(2, { outcome: "DEFERRED" })).status).toBe(200);
    expect((await decide(2, { outcome: "REJECTED" })).status).toBe(409);
    const decisions = await db.decision.findMany({ where: { bodyId: body.id }, orderBy: { number: "asc" } });
    expect(decisions.map((d) => [d.number, d.text])).toEqual([
      [1, "Recommendation 1 approved: Fund the café for two years."],
      [2, "Recommendation 2 approved as amended: Run it with two voluntary-sector partners."],
      [3, "Recommendation 3 deferred: Review it after a year."],
    ]);
    // The public sees the report once papers are published, and the decisions with the minutes.
    expect((await getPage(reportUrl)).status).toBe(404);
    await postForm(url(m), { intent: "publish-papers" }, secretary.cookie);
    expect(await text(await getPage(reportUrl))).not.toContain("Approved as amended");
    await postForm(url(m), { intent: "publish-minutes" }, secretary.cookie);
    expect(await text(await getPage(reportUrl))).toContain("Approved as amended");
  });
});

describe("proposals as papers", () => {
  it("refuses to make an invitation-only proposal a paper, since papers are published to everyone", async () => {
    const { meeting, secretary, url } = await board();
    const m = await meeting(7);
    const { createProposal } = await import("../../../test/helpers/consultations");
    const { proposal: invited } = await createProposal({ audience: "INVITED" });
    const { proposal: open } = await createProposal();
    const page = await text(await getPage(url(m), secretary.cookie));
    expect(page).toContain(open.title);
    expect(page).not.toContain(invited.title);
    const refused = await postForm(
      url(m),
      { intent: "attach-version", itemId: m.agendaItems[0].id, proposalSlug: invited.slug, versionNumber: "1" },
      secretary.cookie,
    );
    expect(refused.status).toBe(400);
    const refusal = errorSummary(await text(refused));
    expect(refusal).toContain("Only proposals open to everyone can be papers");
    // A draft and a slug that names nothing get the very same answer: the form does not tell a
    // secretary which private proposals exist.
    const { proposal: draft } = await createProposal({ status: "DRAFT" });
    for (const proposalSlug of [draft.slug, `no-such-${invited.slug}`]) {
      const other = await postForm(url(m), { intent: "attach-version", itemId: m.agendaItems[0].id, proposalSlug, versionNumber: "1" }, secretary.cookie);
      expect(other.status).toBe(400);
      expect(errorSummary(await text(other))).toBe(refusal);
    }
    expect(await db.agendaPaper.count({ where: { itemId: m.agendaItems[0].id } })).toBe(0);
    const accepted = await postForm(
      url(m),
      { intent: "attach-version", itemId: m.agendaItems[0].id, proposalSlug: open.slug, versionNumber: "1" },
      secretary.cookie,
    );
    expect(accepted.status).toBeLessThan(400);
    expect(await db.agendaPaper.count({ where: { itemId: m.agendaItems[0].id } })).toBe(1);
  });

  it("stops naming or linking a proposal made invitation-only after it became a paper, to anyone who may not read it", async () => {
    const { meeting, secretary, url, body } = await board();
    const m = await meeting(7);
    const { createProposal } = await import("../../../test/helpers/consultations");
    const { proposal, commissioner } = await createProposal();
    await postForm(url(m), { intent: "attach-version", itemId: m.agendaItems[0].id, proposalSlug: proposal.slug, versionNumber: "1" }, secretary.cookie);
    await postForm(url(m), { intent: "publish-papers" }, secretary.cookie);
    const paper = await db.agendaPaper.findFirstOrThrow({ where: { itemId: m.agendaItems[0].id } });
    const download = `${server.url}/bodies/${body.slug}/papers/${paper.id}`;
    expect((await getPage(download)).headers.get("location")).toBe(`/proposals/${proposal.slug}?version=1`);

    await db.proposal.update({ where: { id: proposal.id }, data: { audience: "INVITED" } });
    const invitee = await signedInUser();
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: invitee.email,
        userId: invitee.user.id,
        tokenHash: crypto.randomUUID(),
        invitedById: commissioner.id,
        acceptedAt: new Date(),
      },
    });
    for (const cookie of [undefined, (await signedInUser()).cookie, secretary.cookie]) {
      const refused = await getPage(download, cookie);
      expect(refused.status).toBe(404);
      expect(refused.headers.get("location")).toBeNull();
      const page = await text(await getPage(url(m), cookie));
      expect(page).not.toContain(proposal.title);
      expect(page).not.toContain(paper.id);
    }
    // Whoever may read the proposal still finds it among the papers.
    expect((await getPage(download, invitee.cookie)).headers.get("location")).toBe(`/proposals/${proposal.slug}?version=1`);
    expect(await text(await getPage(url(m), invitee.cookie))).toContain(proposal.title);
  });
});

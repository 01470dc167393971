import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "./helpers/app-server";
import { fillPattern, routesOfBuild } from "./helpers/built-routes";
import { createProposal } from "./helpers/consultations";
import { getPage, signedInUser } from "./helpers/factories";
import { inBatches } from "./helpers/in-batches";
import { createMeeting } from "./helpers/meetings";

// Meetings, board papers and the approval timetable refer to proposals; a proposal's page decides
// who may read it (viewProposal: drafts for commissioners, invitation-only proposals for those who
// accepted an invitation). Wherever another feature names or links a proposal, it must ask the
// same rule, or the title and slug reach people the proposal page refuses. This test links an
// invitation-only proposal and a draft from every place that can hold one (a public meeting, a
// paper on a board meeting whose papers are published, an approval stage), adds a report to a
// meeting whose papers are not published yet, then asks every route of the built app, as loader
// data and as the page itself, as people who may not see them. The proposal pages themselves are
// covered by their own tests; here they are filled with a public proposal, so any mention of the
// restricted ones anywhere is a leak.

let server: TestServer;
const DAY = 86_400_000;
const secret = (label: string) => `${label}-${crypto.randomUUID().slice(0, 8)}`;

type Viewer = { name: string; cookie?: string };
type Fixture = Awaited<ReturnType<typeof createFixture>>;
let fixture: Fixture;

async function restrictedProposal(options: Parameters<typeof createProposal>[0], label: string) {
  const { proposal } = await createProposal(options);
  const slug = secret(`${label}-slug`);
  return db.proposal.update({
    where: { id: proposal.id },
    data: { slug, title: secret(`${label}-title`) },
    include: { versions: true },
  });
}

async function createFixture() {
  const invitationOnly = await restrictedProposal({ audience: "INVITED" }, "invitation-only");
  const draft = await restrictedProposal({ status: "DRAFT" }, "draft");
  const { proposal: open } = await createProposal();

  // Two public meetings, each about one of them (linked before it became restricted, or posted by hand).
  const meetingAboutInvited = await createMeeting();
  await db.meeting.update({ where: { id: meetingAboutInvited.id }, data: { proposalId: invitationOnly.id } });
  const meetingAboutDraft = await createMeeting();
  await db.meeting.update({ where: { id: meetingAboutDraft.id }, data: { proposalId: draft.id } });

  // A body with its secretary; a meeting with published papers made from both proposals, and a
  // meeting whose papers are not published yet, with a report on it. Both proposals have a stage
  // at the body on their approval timetable.
  const slug = `body-${crypto.randomUUID().slice(0, 8)}`;
  const body = await db.body.create({ data: { slug, name: `Board ${slug}`, kind: "PARTNERSHIP_BOARD", description: "Test body" } });
  const secretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
  await db.bodySecretary.create({ data: { bodyId: body.id, userId: secretary.user.id } });
  const published = await db.bodyMeeting.create({
    data: {
      bodyId: body.id,
      title: "Meeting with published papers",
      startsAt: new Date(Date.now() + 7 * DAY),
      endsAt: new Date(Date.now() + 7 * DAY + 7_200_000),
      papersPublishedAt: new Date(),
      agendaItems: { create: [{ position: 1, title: "Proposals" }] },
    },
    include: { agendaItems: true },
  });
  const paperOf = (proposal: typeof draft) =>
    db.agendaPaper.create({
      data: {
        itemId: published.agendaItems[0].id,
        kind: "PROPOSAL_VERSION",
        title: `${proposal.title}, version 1`,
        proposalVersionId: proposal.versions[0].id,
      },
    });
  const invitedPaper = await paperOf(invitationOnly);
  const draftPaper = await paperOf(draft);
  const unpublished = await db.bodyMeeting.create({
    data: {
      bodyId: body.id,
      title: "Meeting with papers to come",
      startsAt: new Date(Date.now() + 14 * DAY),
      endsAt: new Date(Date.now() + 14 * DAY + 7_200_000),
      agendaItems: { create: [{ position: 1, title: "Crisis café" }] },
    },
    include: { agendaItems: true },
  });
  const report = await db.cabinetReport.create({
    data: {
      meetingId: unpublished.id,
      title: secret("unpublished-report-title"),
      portfolio: "Health",
      service: "Mental health",
      wards: "All",
      keyDecision: false,
      forwardPlan: false,
      summary: "Not yet published",
      contactOfficer: "Officer",
      officerSignOff: "Officer",
      portfolioHolderSignOff: "Holder",
      papers: { create: { itemId: unpublished.agendaItems[0].id, kind: "REPORT", title: "Report paper" } },
    },
  });
  for (const proposal of [invitationOnly, draft]) {
    await db.approvalStage.create({
      data: { proposalId: proposal.id, position: 1, bodyId: body.id, title: "Board decision", meetingDate: new Date(Date.now() + 7 * DAY) },
    });
  }

  const other = { token: "no-such-token", emailId: "none" };
  const proposals = { slug: open.slug, commentId: "none" };
  return {
    invitationOnly,
    draft,
    meetingAboutInvited,
    meetingAboutDraft,
    body,
    published,
    unpublished,
    invitedPaper,
    report,
    secretary,
    /** Each route is asked once for each distinct URL these give it. */
    paramSets: [
      {
        meetings: { slug: meetingAboutInvited.slug },
        bodies: { slug, meetingId: published.id, paperId: invitedPaper.id, reportId: report.id },
        proposals,
        manage: proposals,
        other,
      },
      {
        meetings: { slug: meetingAboutDraft.slug },
        bodies: { slug, meetingId: unpublished.id, paperId: draftPaper.id, reportId: report.id },
        proposals,
        manage: proposals,
        other,
      },
    ] as Record<string, Record<string, string>>[],
    /** What must not reach a viewer, and who may see it all the same. */
    secrets: [
      ...[invitationOnly, draft].flatMap((p) => {
        const kind = p.id === draft.id ? "draft" : "invitation-only proposal";
        return [
          { what: `the ${kind}'s title`, value: p.title, seenBy: [] as string[] },
          { what: `the ${kind}'s slug`, value: p.slug, seenBy: [] as string[] },
          { what: `the ${kind}'s id`, value: p.id, seenBy: [] as string[] },
        ];
      }),
      { what: "an unpublished report's title", value: report.title, seenBy: ["the body's secretary"] },
    ],
  };
}

let viewers: Viewer[];
beforeAll(async () => {
  server = await startTestServer();
  fixture = await createFixture();
  const member = await signedInUser();
  const organiser = await signedInUser({ roles: ["FORUM_OFFICER"] });
  const otherSecretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
  viewers = [
    { name: "anonymous" },
    { name: "a signed-in member of the public", cookie: member.cookie },
    { name: "a Forum officer (a meeting organiser)", cookie: organiser.cookie },
    { name: "the body's secretary", cookie: fixture.secretary.cookie },
    { name: "another body's secretary", cookie: otherSecretary.cookie },
  ];
}, 60_000);
afterAll(() => server.close());

describe("a proposal named by another feature", () => {
  it("is named to whoever may read it: the fixture really links them", async () => {
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const invitee = await signedInUser();
    await db.proposalInvitation.create({
      data: {
        proposalId: fixture.invitationOnly.id,
        email: invitee.email,
        userId: invitee.user.id,
        tokenHash: crypto.randomUUID(),
        invitedById: fixture.invitationOnly.createdById,
        acceptedAt: new Date(),
      },
    });
    const page = async (path: string, cookie: string) => (await getPage(`${server.url}${path}`, cookie)).text();
    expect(await page(`/meetings/${fixture.meetingAboutInvited.slug}`, invitee.cookie)).toContain(fixture.invitationOnly.title);
    expect(await page(`/meetings/${fixture.meetingAboutDraft.slug}`, commissioner.cookie)).toContain(fixture.draft.title);
    const boardPage = await page(`/bodies/${fixture.body.slug}/meetings/${fixture.published.id}`, commissioner.cookie);
    expect(boardPage).toContain(fixture.invitationOnly.title);
    expect(boardPage).toContain(fixture.draft.title);
    const download = await getPage(`${server.url}/bodies/${fixture.body.slug}/papers/${fixture.invitedPaper.id}`, invitee.cookie);
    expect(download.headers.get("location")).toBe(`/proposals/${fixture.invitationOnly.slug}?version=1`);
    expect(await page(`/bodies/${fixture.body.slug}/meetings/${fixture.unpublished.id}`, fixture.secretary.cookie)).toContain(fixture.report.title);
  });

  it("is never named to anyone who may not read it, on any page or in any loader's data", async () => {
    const routes = await routesOfBuild();
    const requests = [
      ...new Map(
        routes.flatMap(({ id, pattern }) =>
          fixture.paramSets.map((params) => {
            const url = fillPattern(pattern, params);
            return [`${id} ${url}`, { id, url }] as const;
          }),
        ),
      ).values(),
    ].filter(({ id }) => !id.startsWith("routes/outbox+")); // the development outbox shows emails by design; its own tests cover it
    expect(requests.length).toBeGreaterThan(60);

    const leaks: string[] = [];
    let answered = 0;
    for (const viewer of viewers) {
      await inBatches(requests, 8, async ({ id, url }) => {
        const asData = `${url}${url.includes("?") ? "&" : "?"}_data=${encodeURIComponent(id)}`;
        for (const [label, path] of [
          ["loader data", asData],
          ["page", url],
        ] as const) {
          const response = await getPage(`${server.url}${path}`, viewer.cookie);
          if (response.status === 200) answered++;
          // A redirect's target is as visible as a page's text.
          const seen = [await response.text(), response.headers.get("location") ?? "", response.headers.get("x-remix-redirect") ?? ""].join("\n");
          for (const { what, value, seenBy } of fixture.secrets)
            if (!seenBy.includes(viewer.name) && seen.includes(value)) leaks.push(`${viewer.name}, ${label} of ${url}: ${what}`);
        }
      });
    }
    // The scan saw real pages, not only refusals.
    expect(answered).toBeGreaterThan(300);
    expect(leaks.sort()).toEqual([]);
  }, 300_000);
});

import crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "../../../test/helpers/app-server";
import { createProposal } from "../../../test/helpers/consultations";
import { getPage, postForm, signedInUser } from "../../../test/helpers/factories";
import { remindPaperDeadlines } from "./timeline.server";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const text = async (r: Response) => (await r.text()).replaceAll("<!-- -->", "");
const isoDay = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

async function body() {
  return db.body.create({
    data: { slug: `cabinet-${Math.random().toString(36).slice(2, 8)}`, name: "City Council Cabinet", kind: "COUNCIL", description: "Cabinet" },
  });
}

describe("the approval timetable", () => {
  it("shows the discussion, each stage and the start date in order, with where the proposal is now", async () => {
    const { proposal } = await createProposal();
    const cabinet = await body();
    await db.approvalStage.createMany({
      data: [
        {
          proposalId: proposal.id,
          position: 1,
          bodyId: cabinet.id,
          title: "Cabinet briefing",
          meetingDate: new Date(`${isoDay(20)}T00:00:00Z`),
          papersDue: new Date(`${isoDay(13)}T00:00:00Z`),
        },
        { proposalId: proposal.id, position: 2, bodyId: cabinet.id, title: "Cabinet decision", meetingDate: new Date(`${isoDay(30)}T00:00:00Z`) },
      ],
    });
    await db.proposal.update({ where: { id: proposal.id }, data: { startDate: new Date(`${isoDay(90)}T00:00:00Z`) } });
    const page = await text(await getPage(`${server.url}/proposals/${proposal.slug}/timeline`));
    const order = ["Discussion period", "City Council Cabinet: Cabinet briefing", "City Council Cabinet: Cabinet decision", "Arrangements start"].map((t) =>
      page.indexOf(t),
    );
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(page).toMatch(/aria-current="step"[^>]*>(?:(?!<\/li>).)*Discussion period/s);
  });

  it("lets secretaries add and complete stages, refuses papers due after the meeting, and refuses everyone else", async () => {
    const { proposal } = await createProposal();
    const cabinet = await body();
    const secretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    const stakeholder = await signedInUser();
    const stage = { intent: "add-stage", bodyId: cabinet.id, title: "Cabinet decision", meetingDate: isoDay(30), papersDue: isoDay(20) };
    expect((await postForm(`${server.url}/proposals/${proposal.slug}/timeline`, stage, stakeholder.cookie)).status).toBe(403);
    const late = await postForm(`${server.url}/proposals/${proposal.slug}/timeline`, { ...stage, papersDue: isoDay(31) }, secretary.cookie);
    expect(late.status).toBe(400);
    expect(await text(late)).toContain("Papers must be due before the meeting");
    expect(await db.approvalStage.count({ where: { proposalId: proposal.id } })).toBe(0);

    expect((await postForm(`${server.url}/proposals/${proposal.slug}/timeline`, stage, secretary.cookie)).status).toBe(302);
    const saved = await db.approvalStage.findFirstOrThrow({ where: { proposalId: proposal.id } });
    const outcome = await postForm(
      `${server.url}/proposals/${proposal.slug}/timeline`,
      { ...stage, intent: "edit-stage", stageId: saved.id, outcome: "APPROVED_WITH_AMENDMENTS", outcomeNote: "Subject to the carers' seat" },
      secretary.cookie,
    );
    expect(outcome.status).toBe(302);
    expect(await text(await getPage(`${server.url}/proposals/${proposal.slug}/timeline`))).toContain(
      "approved with amendments: Subject to the carers&#x27; seat",
    );
  });

  it("is kept only by people who may read the proposal: a draft or invitation-only one answers a secretary as if it did not exist", async () => {
    const cabinet = await body();
    const secretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    const stage = { intent: "add-stage", bodyId: cabinet.id, title: "Cabinet decision", meetingDate: isoDay(30), papersDue: isoDay(20) };
    const { proposal: draft, commissioner } = await createProposal({ status: "DRAFT" });
    const { proposal: invited } = await createProposal({ audience: "INVITED" });
    const unknown = await postForm(`${server.url}/proposals/no-such-proposal-${draft.slug}/timeline`, stage, secretary.cookie);
    expect(unknown.status).toBe(404);
    // Each page carries its own script nonce; the rest must match.
    const samePart = async (r: Response, slug: string) => (await text(r)).replaceAll(slug, "").replace(/nonce="[^"]*"/g, "");
    const unknownPage = await samePart(unknown, `no-such-proposal-${draft.slug}`);
    for (const proposal of [draft, invited]) {
      const url = `${server.url}/proposals/${proposal.slug}/timeline`;
      expect((await getPage(url, secretary.cookie)).status).toBe(404);
      const refused = await postForm(url, stage, secretary.cookie);
      expect(refused.status).toBe(404);
      // The same page as for a slug that names nothing: the answer does not say the draft exists.
      expect(await samePart(refused, proposal.slug)).toBe(unknownPage);
      expect(await db.approvalStage.count({ where: { proposalId: proposal.id } })).toBe(0);
    }
    // Someone invited to read it keeps its timetable like any other.
    await db.proposalInvitation.create({
      data: {
        proposalId: invited.id,
        email: secretary.email,
        userId: secretary.user.id,
        tokenHash: crypto.randomUUID(),
        invitedById: commissioner.id,
        acceptedAt: new Date(),
      },
    });
    expect((await postForm(`${server.url}/proposals/${invited.slug}/timeline`, stage, secretary.cookie)).status).toBe(302);
    expect(await db.approvalStage.count({ where: { proposalId: invited.id } })).toBe(1);
  });

  it("reminds only the secretaries who may read the proposal, since the email names it", async () => {
    const cabinet = await body();
    const { proposal, commissioner } = await createProposal({ audience: "INVITED" });
    await db.approvalStage.create({
      data: {
        proposalId: proposal.id,
        position: 1,
        bodyId: cabinet.id,
        title: "Soon due",
        meetingDate: new Date(`${isoDay(12)}T00:00:00Z`),
        papersDue: new Date(`${isoDay(2)}T00:00:00Z`),
      },
    });
    const uninvited = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    const invitedSecretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    await db.proposalInvitation.create({
      data: {
        proposalId: proposal.id,
        email: invitedSecretary.email,
        userId: invitedSecretary.user.id,
        tokenHash: crypto.randomUUID(),
        invitedById: commissioner.id,
        acceptedAt: new Date(),
      },
    });
    await remindPaperDeadlines();
    const naming = (to: string) => db.outboxEmail.count({ where: { to, OR: [{ text: { contains: proposal.title } }, { text: { contains: proposal.slug } }] } });
    expect(await naming(uninvited.email)).toBe(0);
    expect(await naming(invitedSecretary.email)).toBe(1);
  });

  it("flags overdue papers to secretaries and reminds them once, three days before a deadline", async () => {
    const { proposal } = await createProposal();
    const cabinet = await body();
    await db.approvalStage.createMany({
      data: [
        {
          proposalId: proposal.id,
          position: 1,
          bodyId: cabinet.id,
          title: "Overdue",
          meetingDate: new Date(`${isoDay(5)}T00:00:00Z`),
          papersDue: new Date(`${isoDay(-2)}T00:00:00Z`),
        },
        {
          proposalId: proposal.id,
          position: 2,
          bodyId: cabinet.id,
          title: "Soon due",
          meetingDate: new Date(`${isoDay(12)}T00:00:00Z`),
          papersDue: new Date(`${isoDay(2)}T00:00:00Z`),
        },
      ],
    });
    const secretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
    expect(await text(await getPage(`${server.url}/proposals/${proposal.slug}/timeline`, secretary.cookie))).toContain("Papers overdue");
    expect(await text(await getPage(`${server.url}/proposals/${proposal.slug}/timeline`))).not.toContain("Papers overdue");
    await remindPaperDeadlines();
    await remindPaperDeadlines();
    const reminders = await db.outboxEmail.findMany({
      where: { to: secretary.email, subject: { startsWith: "Papers due" }, text: { contains: proposal.title } },
    });
    expect(reminders).toHaveLength(1);
    expect(reminders[0].text).toContain("Soon due");
  });
});

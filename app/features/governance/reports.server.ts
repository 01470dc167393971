import type { z } from "zod";
import type { RecommendationOutcome } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { readMinutes, readPapers } from "./governance.policy";
import { managesBody } from "./secretaries.server";
import type { ReportSchema } from "./meeting-business.schema";
import { decisionRef } from "./meeting-record.server";
import { createDecision } from "./minutes.server";

// Reports to a meeting, in the shape of a council cabinet report, whose numbered
// recommendations are each decided on their own; each decision joins the meeting's
// numbered decisions and is published with the minutes.

const day = (date: string | null) => (date ? new Date(`${date}T00:00:00Z`) : null);

export async function createReport(
  actor: SessionUser,
  bodySlug: string,
  meetingId: string,
  form: z.output<typeof ReportSchema>,
): Promise<CommandResult<{ reportId: string }>> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return fail(403, "form", "Only this body's secretaries can add reports");
  const meeting = await db.bodyMeeting.findFirst({ where: { id: meetingId, body: { slug: bodySlug } }, select: { id: true } });
  if (!meeting) return fail(404, "form", "A report goes to a meeting of this body");
  if (form.itemId && !(await db.agendaItem.count({ where: { id: form.itemId, meetingId } })))
    return fail(400, "itemId", "Choose an item on this meeting's agenda");
  const { recommendations, itemId, officerSignedOn, holderSignedOn, ...fields } = form;
  const report = await db.$transaction(async (tx) => {
    const created = await tx.cabinetReport.create({
      data: {
        ...fields,
        meetingId,
        officerSignedOn: day(officerSignedOn),
        holderSignedOn: day(holderSignedOn),
        recommendations: { create: recommendations.map((text, i) => ({ number: i + 1, text })) },
      },
      select: { id: true },
    });
    if (itemId) await tx.agendaPaper.create({ data: { itemId, kind: "REPORT", title: form.title, reportId: created.id } });
    return created;
  });
  return ok({ reportId: report.id });
}

/**
 * The meeting a new report goes to, with its agenda items to choose from: for the body's own
 * secretaries, as createReport decides (403 for anyone else, 404 for no such meeting).
 */
export async function findMeetingForReport(actor: SessionUser, bodySlug: string, meetingId: string) {
  if (!(await managesBody(actor, { slug: bodySlug }))) return fail(403, "form", "Only this body's secretaries can add reports");
  const meeting = await db.bodyMeeting.findFirst({
    where: { id: meetingId, body: { slug: bodySlug } },
    select: {
      id: true,
      title: true,
      startsAt: true,
      body: { select: { slug: true, name: true } },
      agendaItems: { orderBy: { position: "asc" }, select: { id: true, position: true, title: true } },
    },
  });
  return meeting ? ok({ meeting }) : fail(404, "form", "A report goes to a meeting of this body");
}

export async function findReport(viewer: SessionUser | null, bodySlug: string, reportId: string) {
  const report = await db.cabinetReport.findFirst({
    where: { id: reportId, meeting: { body: { slug: bodySlug } } },
    include: {
      recommendations: { orderBy: { number: "asc" }, include: { decision: { select: { year: true, number: true } } } },
      meeting: {
        select: { id: true, title: true, startsAt: true, papersPublishedAt: true, minutesPublishedAt: true, body: { select: { slug: true, name: true } } },
      },
    },
  });
  const secretary = await managesBody(viewer, { slug: bodySlug });
  if (!report || !readPapers.allows({ keepsRecord: secretary }, report.meeting)) return null;
  const decisionsPublic = readMinutes.allows({ keepsRecord: secretary }, report.meeting);
  return {
    report: {
      ...report,
      recommendations: report.recommendations.map((r) => ({
        ...r,
        outcome: decisionsPublic ? r.outcome : null,
        amendedText: decisionsPublic ? r.amendedText : null,
        ref: decisionsPublic && r.decision ? decisionRef(report.meeting.body, r.decision) : null,
      })),
    },
    secretary,
  };
}

const DECIDED: Record<RecommendationOutcome, (n: number, text: string) => string> = {
  APPROVED: (n, text) => `Recommendation ${n} approved: ${text}`,
  AMENDED: (n, text) => `Recommendation ${n} approved as amended: ${text}`,
  REJECTED: (n, text) => `Recommendation ${n} rejected: ${text}`,
  DEFERRED: (n, text) => `Recommendation ${n} deferred: ${text}`,
};

export async function decideRecommendation(
  actor: SessionUser,
  bodySlug: string,
  input: { recommendationId: string; outcome: RecommendationOutcome; amendedText: string | null },
): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return fail(403, "form", "Only this body's secretaries can record decisions");
  const recommendation = await db.recommendation.findFirst({
    where: { id: input.recommendationId, report: { meeting: { body: { slug: bodySlug } } } },
    select: {
      id: true,
      number: true,
      text: true,
      outcome: true,
      report: { select: { meeting: { select: { id: true, startsAt: true, body: { select: { id: true } } } } } },
    },
  });
  if (!recommendation) return fail(404, "recommendationId", "This recommendation does not exist");
  const decided = await db.$transaction(async (tx) => {
    const { count } = await tx.recommendation.updateMany({
      where: { id: recommendation.id, outcome: null },
      data: { outcome: input.outcome, amendedText: input.outcome === "AMENDED" ? input.amendedText : null },
    });
    if (!count) return false;
    const text = DECIDED[input.outcome](recommendation.number, input.outcome === "AMENDED" ? input.amendedText! : recommendation.text);
    const decision = await createDecision(tx, recommendation.report.meeting, { itemId: null, text, votes: [], voteTaken: false });
    await tx.recommendation.update({ where: { id: recommendation.id }, data: { decisionId: decision.id } });
    return true;
  });
  return decided ? ok() : fail(409, "recommendationId", "This recommendation has already been decided");
}

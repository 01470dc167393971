import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { addDays, formatDate, londonToday } from "#app/utils/dates";
import { sendEmail, appUrl } from "#app/utils/email.server";
import { hasPermission } from "#app/utils/permissions";
import { usersWithPermission } from "#app/utils/permissions.server";
import { viewProposal } from "#app/features/consultations/consultations.policy";
import { findProposalAccess, isInvited, readersOf } from "#app/features/consultations/proposals.server";
import type { StageSchema } from "./timeline.schema";
import type { z } from "zod";
import { fail, ok, type CommandResult } from "#app/utils/results";

/** Board secretaries and commissioners keep a proposal's approval timetable. */
export const canEditTimetable = (actor: SessionUser | null) => hasPermission(actor, "manage:body:any") || hasPermission(actor, "create:proposal:any");

const day = (d: Date) => d.toISOString().slice(0, 10);

export type TimelineStep = {
  kind: "discussion" | "meeting" | "stage" | "start";
  title: string;
  detail: string;
  date: string;
  state: "done" | "now" | "next";
  overdue?: boolean;
  stageId?: string;
};

/** Where a proposal stands: the discussion, its open meetings, each approval stage, the start date. */
export async function proposalTimeline(slug: string, viewer: SessionUser | null, now = new Date()) {
  const proposal = await db.proposal.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      audience: true,
      discussionOpensAt: true,
      discussionClosesAt: true,
      startDate: true,
      meetings: { orderBy: { startsAt: "asc" }, select: { slug: true, title: true, startsAt: true, venueName: true } },
      approvalStages: {
        orderBy: [{ meetingDate: "asc" }, { position: "asc" }],
        select: { id: true, title: true, meetingDate: true, papersDue: true, outcome: true, outcomeNote: true, bodyId: true, body: { select: { name: true } } },
      },
    },
  });
  if (!proposal) return null;
  if (!viewProposal.allows(viewer, { ...proposal, invited: viewer ? await isInvited(proposal.id, viewer.id) : false })) return null;
  const today = londonToday(now);
  const steps: Omit<TimelineStep, "state">[] = [];
  if (proposal.discussionOpensAt && proposal.discussionClosesAt) {
    steps.push({
      kind: "discussion",
      title: "Discussion period",
      detail: `${formatDate(proposal.discussionOpensAt)} to ${formatDate(proposal.discussionClosesAt)}`,
      date: day(proposal.discussionClosesAt),
    });
  }
  for (const m of proposal.meetings)
    steps.push({ kind: "meeting", title: m.title, detail: `${formatDate(m.startsAt)}${m.venueName ? `, ${m.venueName}` : ""}`, date: londonToday(m.startsAt) });
  for (const s of proposal.approvalStages) {
    const overdue = !!s.papersDue && day(s.papersDue) < today && day(s.meetingDate) >= today && !s.outcome;
    steps.push({
      kind: "stage",
      title: `${s.body.name}: ${s.title}`,
      detail: `Meeting ${formatDate(s.meetingDate)}${s.papersDue ? `; papers due ${formatDate(s.papersDue)}` : ""}${s.outcome ? `; ${s.outcome.replaceAll("_", " ").toLowerCase()}${s.outcomeNote ? `: ${s.outcomeNote}` : ""}` : ""}`,
      date: day(s.meetingDate),
      overdue,
      stageId: s.id,
    });
  }
  if (proposal.startDate) steps.push({ kind: "start", title: "Arrangements start", detail: formatDate(proposal.startDate), date: day(proposal.startDate) });
  steps.sort((a, b) => a.date.localeCompare(b.date));
  const firstAhead = steps.findIndex((s) => s.date >= today);
  return {
    proposal: { slug: proposal.slug, title: proposal.title },
    steps: steps.map((s, i) => ({ ...s, state: (firstAhead === -1 || i < firstAhead ? "done" : i === firstAhead ? "now" : "next") as TimelineStep["state"] })),
    stages: proposal.approvalStages.map((s) => ({ ...s, meetingDate: day(s.meetingDate), papersDue: s.papersDue ? day(s.papersDue) : null })),
    proposalId: proposal.id,
  };
}

/** The bodies a stage of the timetable can be at, for its form. */
export function bodiesForTimetable() {
  return db.body.findMany({ orderBy: { name: "asc" }, select: { id: true, name: true } });
}

export async function saveStage(actor: SessionUser, slug: string, input: z.output<typeof StageSchema>): Promise<CommandResult> {
  if (!canEditTimetable(actor)) return fail(403, "form", "Only board secretaries and commissioners keep the timetable");
  // A proposal this person may not read (a draft, an invitation-only one) answers as if it did not
  // exist, as its timeline page does: its timetable is not theirs to change, nor its slug to confirm.
  const proposal = await findProposalAccess({ slug }, actor);
  if (!proposal) return fail(404, "form", "This proposal does not exist");
  if (!(await db.body.findUnique({ where: { id: input.bodyId }, select: { id: true } }))) return fail(400, "bodyId", "Choose the body that meets");
  const data = {
    bodyId: input.bodyId,
    title: input.title,
    meetingDate: new Date(`${input.meetingDate}T00:00:00Z`),
    papersDue: input.papersDue ? new Date(`${input.papersDue}T00:00:00Z`) : null,
    outcome: input.outcome,
    outcomeNote: input.outcomeNote,
  };
  if (input.intent === "edit-stage") {
    const { count } = await db.approvalStage.updateMany({ where: { id: input.stageId ?? "", proposalId: proposal.id }, data });
    if (!count) return fail(404, "form", "This stage is not part of this proposal");
  } else {
    const last = await db.approvalStage.aggregate({ where: { proposalId: proposal.id }, _max: { position: true } });
    await db.approvalStage.create({ data: { ...data, proposalId: proposal.id, position: (last._max.position ?? 0) + 1 } });
  }
  await db.auditEvent.create({
    data: { actorId: actor.id, action: `timetable.${input.intent}`, subject: `proposal:${proposal.id}`, details: { title: input.title } },
  });
  return ok();
}

/**
 * A reminder to board secretaries three days before each paper deadline, once: to those who may
 * read the proposal, since the email names it.
 */
export async function remindPaperDeadlines(now = new Date()) {
  const today = londonToday(now);
  const due = await db.approvalStage.findMany({
    where: { outcome: null, papersDue: { gte: new Date(`${today}T00:00:00Z`), lte: new Date(`${addDays(today, 3)}T00:00:00Z`) } },
    select: { id: true, title: true, papersDue: true, body: { select: { name: true } }, proposal: { select: { id: true, slug: true, title: true } } },
  });
  if (!due.length) return 0;
  const secretaries = await usersWithPermission("receive:paper-reminder:any");
  let sent = 0;
  for (const stage of due) {
    const key = `papers-reminder:${stage.id}`;
    if (await db.auditEvent.findFirst({ where: { action: "timetable.reminder", subject: key }, select: { id: true } })) continue;
    await db.auditEvent.create({ data: { action: "timetable.reminder", subject: key } });
    const readers = await readersOf(
      stage.proposal.id,
      secretaries.map((s) => s.id),
    );
    for (const { id, email } of secretaries.filter((s) => readers.has(s.id))) {
      await sendEmail({
        to: email,
        recipientId: id,
        subject: `Papers due ${formatDate(stage.papersDue!)}: ${stage.body.name}`,
        text: `Agenda papers for "${stage.proposal.title}" (${stage.title}) are due on ${formatDate(stage.papersDue!)}.\n\n${appUrl(`/proposals/${stage.proposal.slug}/timeline`)}\n`,
      });
      sent++;
    }
  }
  return sent;
}

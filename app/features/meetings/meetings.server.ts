import crypto from "node:crypto";
import type { SessionUser } from "#app/utils/auth.server";
import { londonTime } from "#app/utils/dates";
import type { Prisma } from "#app/generated/prisma/client";
import { db } from "#app/utils/db.server";
import { publicProposals } from "#app/features/consultations/consultations.policy";
import { findProposalAccess } from "#app/features/consultations/proposals.server";
import { canOrganise } from "./meetings.policy";
import type { MeetingForm } from "./meetings.schema";
import { fail, ok, type CommandResult } from "#app/utils/results";
import type { JoinRule } from "#app/utils/realtime-rooms";

type Viewer = Pick<SessionUser, "id" | "roles"> | null;

export function listUpcomingMeetings(limit = 5) {
  return db.meeting.findMany({
    where: { endsAt: { gt: new Date() } },
    orderBy: { startsAt: "asc" },
    take: limit,
    select: { id: true, slug: true, title: true, startsAt: true, endsAt: true, venueName: true },
  });
}

/** What registration, emails and calendars need of a meeting. */
export const meetingSelect = {
  id: true,
  slug: true,
  title: true,
  description: true,
  startsAt: true,
  endsAt: true,
  venueName: true,
  venueAddress: true,
  onlineUrl: true,
  capacity: true,
  registrationOpensAt: true,
  registrationClosesAt: true,
} satisfies Prisma.MeetingSelect;

export async function listMeetings(now = new Date()) {
  const select = { id: true, slug: true, title: true, startsAt: true, endsAt: true, venueName: true, capacity: true } as const;
  const [upcoming, past] = await Promise.all([
    db.meeting.findMany({ where: { endsAt: { gt: now } }, orderBy: { startsAt: "asc" }, select }),
    db.meeting.findMany({ where: { endsAt: { lte: now } }, orderBy: { startsAt: "desc" }, take: 50, select }),
  ]);
  return { upcoming, past };
}

/**
 * A meeting as its page shows it to this viewer. The proposal it is about is named only if the
 * viewer may read that proposal (the consultations rule): a proposal can be made invitation-only
 * after a meeting was linked to it, and the meeting page is open to everyone.
 */
export async function getMeeting(slug: string, viewer: Viewer) {
  const meeting = await db.meeting.findUnique({
    where: { slug },
    select: {
      ...meetingSelect,
      stepFreeAccess: true,
      hearingLoop: true,
      accessibleToilets: true,
      parking: true,
      proposalId: true,
    },
  });
  if (!meeting) return null;
  const { proposalId, ...rest } = meeting;
  const proposal = proposalId ? await findProposalAccess({ id: proposalId }, viewer) : null;
  return { ...rest, proposal: proposal && { id: proposal.id, slug: proposal.slug, title: proposal.title } };
}

export function meetingsForProposal(proposalId: string) {
  return db.meeting.findMany({
    where: { proposalId },
    orderBy: { startsAt: "asc" },
    select: { slug: true, title: true, startsAt: true, endsAt: true, venueName: true },
  });
}

function meetingData(form: MeetingForm) {
  return {
    title: form.title,
    description: form.description,
    startsAt: londonTime(form.date, form.startTime),
    endsAt: londonTime(form.date, form.endTime),
    venueName: form.venueName,
    venueAddress: form.venueAddress,
    stepFreeAccess: form.stepFreeAccess,
    hearingLoop: form.hearingLoop,
    accessibleToilets: form.accessibleToilets,
    parking: form.parking,
    onlineUrl: form.onlineUrl,
    registrationOpensAt: londonTime(form.registrationOpensDate, "00:00"),
    // Registration closes at noon on its last day, or an hour before the meeting if sooner.
    registrationClosesAt: new Date(
      Math.min(londonTime(form.registrationClosesDate, "12:00").getTime(), londonTime(form.date, form.startTime).getTime() - 3_600_000),
    ),
    proposalId: form.proposalId,
  };
}

/** Creates or edits a meeting. The capacity of an existing meeting changes through changeCapacity (it may promote people). */
export async function saveMeeting(actor: SessionUser, slug: string | null, form: MeetingForm): Promise<CommandResult<{ slug: string }>> {
  if (!canOrganise(actor)) return fail(403, "form", "Only organisers can do this");
  // The meeting page is open to everyone: it may only be about a proposal everyone can read.
  if (form.proposalId && !(await db.proposal.count({ where: { AND: [{ id: form.proposalId }, publicProposals()] } }))) {
    return fail(400, "proposalId", "Choose a proposal from the list: a meeting can only be about a published proposal open to everyone");
  }
  if (slug) {
    const { count } = await db.meeting.updateMany({ where: { slug }, data: meetingData(form) });
    return count ? ok({ slug }) : fail(404, "form", "This meeting does not exist");
  }
  const newSlug = `${form.title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-|-$/g, "")
    .slice(0, 50)}-${crypto.randomBytes(2).toString("hex")}`;
  await db.meeting.create({ data: { ...meetingData(form), slug: newSlug, capacity: form.capacity } });
  return ok({ slug: newSlug });
}

/** The proposals a meeting can be about: those everyone can read, as the meeting page is public (saveMeeting refuses any other). */
export function proposalChoices() {
  return db.proposal.findMany({ where: publicProposals(), orderBy: { title: "asc" }, select: { id: true, title: true } });
}

/** A meeting's door count: its organisers. */
export const mayJoinMeetingRoom: JoinRule = async (viewer) => canOrganise(viewer);

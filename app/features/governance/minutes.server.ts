import type { Prisma } from "#app/generated/prisma/client";
import type { Vote } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { formatDate, londonToday } from "#app/utils/dates";
import { inTransaction } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { fail, ok, type CommandResult, type Failure } from "#app/utils/results";
import { notify } from "#app/features/notifications/notifications.server";
import { managesBody } from "./secretaries.server";
import { holdersOn } from "./meeting-record.server";

// What the secretary records at and after a meeting: attendance, minutes per item, numbered
// decisions with votes, publication of papers and minutes, and their approval.

const forbidden = (): Failure => fail(403, "form", "Only this body's secretaries can record its meetings");

async function findMeeting(bodySlug: string, meetingId: string) {
  return db.bodyMeeting.findFirst({
    where: { id: meetingId, body: { slug: bodySlug } },
    select: {
      id: true,
      title: true,
      startsAt: true,
      minutesPublishedAt: true,
      papersPublishedAt: true,
      body: { select: { id: true, slug: true, name: true, closedAt: true } },
    },
  });
}
const meetingDay = (startsAt: Date) => new Date(`${londonToday(startsAt)}T00:00:00Z`);

export async function recordAttendance(
  actor: SessionUser,
  bodySlug: string,
  meetingId: string,
  input: { present: string[]; apologies: string[]; inAttendance: { name: string; role: string | null }[] },
): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return forbidden();
  const meeting = await findMeeting(bodySlug, meetingId);
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const holders = new Map((await holdersOn(meeting.body.id, meetingDay(meeting.startsAt))).map((h) => [h.id, h]));
  if ([...input.present, ...input.apologies].some((id) => !holders.has(id)))
    return fail(400, "present", "Choose members who held a seat on the day of the meeting");
  await db.$transaction(async (tx) => {
    await tx.attendance.deleteMany({ where: { meetingId } });
    await tx.attendance.createMany({
      data: [
        ...input.present.map((id) => ({
          meetingId,
          appointmentId: id,
          name: holders.get(id)!.holderName,
          role: holders.get(id)!.seat.name,
          kind: "PRESENT" as const,
        })),
        ...input.apologies.map((id) => ({
          meetingId,
          appointmentId: id,
          name: holders.get(id)!.holderName,
          role: holders.get(id)!.seat.name,
          kind: "APOLOGIES" as const,
        })),
        ...input.inAttendance.map((p) => ({ meetingId, name: p.name, role: p.role, kind: "IN_ATTENDANCE" as const })),
      ],
    });
  });
  return ok();
}

export async function saveItemMinutes(actor: SessionUser, bodySlug: string, meetingId: string, itemId: string, minutes: string): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return forbidden();
  const meeting = await findMeeting(bodySlug, meetingId);
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  if (await isApproved(meetingId)) return fail(409, "minutes", "These minutes have been approved as a correct record and can no longer change");
  const { count } = await db.agendaItem.updateMany({ where: { id: itemId, meetingId }, data: { minutes } });
  return count ? ok() : fail(400, "itemId", "Choose an item on this meeting's agenda");
}

async function isApproved(meetingId: string) {
  return (await db.bodyMeeting.count({ where: { id: meetingId, minutesApprovedAt: { not: null } } })) > 0;
}

/**
 * The next number for a decision of this body this year. The body's row is locked for the
 * rest of the transaction, so two decisions recorded at once never share a number.
 */
async function nextNumber(tx: Prisma.TransactionClient, bodyId: string, year: number): Promise<number> {
  await tx.$queryRaw`SELECT id FROM "Body" WHERE id = ${bodyId} FOR UPDATE`;
  const last = await tx.decision.aggregate({ where: { bodyId, year }, _max: { number: true } });
  return (last._max.number ?? 0) + 1;
}

export async function createDecision(
  tx: Prisma.TransactionClient,
  meeting: { id: string; startsAt: Date; body: { id: string } },
  input: { itemId: string | null; text: string; votes: { appointmentId: string; vote: Vote }[]; voteTaken: boolean },
) {
  const year = Number(londonToday(meeting.startsAt).slice(0, 4));
  const number = await nextNumber(tx, meeting.body.id, year);
  return tx.decision.create({
    data: {
      bodyId: meeting.body.id,
      meetingId: meeting.id,
      itemId: input.itemId,
      year,
      number,
      text: input.text,
      voteTaken: input.voteTaken,
      votes: { create: input.votes },
    },
    select: { id: true, year: true, number: true },
  });
}

/** A decision; when a vote is taken, only voting members present at the meeting may vote. */
export async function recordDecision(
  actor: SessionUser,
  bodySlug: string,
  meetingId: string,
  input: { itemId: string | null; text: string; voteTaken: boolean; votes: { appointmentId: string; vote: Vote }[] },
): Promise<CommandResult<{ number: number }>> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return forbidden();
  const meeting = await findMeeting(bodySlug, meetingId);
  if (!meeting) return fail(404, "form", "A decision must be recorded at a meeting of this body");
  if (input.itemId && !(await db.agendaItem.count({ where: { id: input.itemId, meetingId } })))
    return fail(400, "itemId", "Choose an item on this meeting's agenda");
  if (input.voteTaken) {
    if (input.votes.length === 0) return fail(400, "voteTaken", "Record the votes, or untick “a vote was taken”");
    const holders = new Map((await holdersOn(meeting.body.id, meetingDay(meeting.startsAt))).map((h) => [h.id, h]));
    const present = new Set(
      (await db.attendance.findMany({ where: { meetingId, kind: "PRESENT" }, select: { appointmentId: true } })).map((a) => a.appointmentId),
    );
    for (const v of input.votes) {
      const holder = holders.get(v.appointmentId);
      if (!holder?.seat.voting)
        return fail(400, "voteTaken", `${holder?.holderName ?? "Someone"} does not hold a voting seat: only voting members' votes are recorded`);
      if (!present.has(v.appointmentId)) return fail(400, "voteTaken", `${holder.holderName} is not recorded as present`);
    }
  } else if (input.votes.length) {
    return fail(400, "voteTaken", "Tick “a vote was taken” to record votes");
  }
  const decision = await db.$transaction((tx) => createDecision(tx, meeting, input));
  return ok({ number: decision.number });
}

/** Publishing papers or minutes tells everyone who follows the body. */
export async function publish(
  actor: SessionUser,
  bodySlug: string,
  meetingId: string,
  what: "papers" | "minutes",
  publisher: Publisher,
): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return forbidden();
  const meeting = await findMeeting(bodySlug, meetingId);
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const field = what === "papers" ? "papersPublishedAt" : "minutesPublishedAt";
  const followers = await db.bodyFollow.findMany({ where: { bodyId: meeting.body.id }, select: { userId: true } });
  const title = `${what === "papers" ? "Papers" : "Draft minutes"} published: ${meeting.body.name}, ${formatDate(meeting.startsAt)}`;
  const published = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.bodyMeeting.updateMany({ where: { id: meetingId, [field]: null }, data: { [field]: new Date() } });
    if (count)
      await notify(
        outbox,
        followers.map(({ userId }) => ({ userId, kind: "body-papers" as const, title, link: `/bodies/${meeting.body.slug}/meetings/${meeting.id}` })),
      );
    return count > 0;
  });
  if (!published) return fail(409, "form", what === "papers" ? "The papers are already published" : "The minutes are already published");
  return ok();
}

/**
 * At this meeting, the minutes of an earlier one are approved as a correct record. The
 * approval is itself a numbered decision of this meeting.
 */
export async function approveMinutes(actor: SessionUser, bodySlug: string, meetingId: string, earlierMeetingId: string): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug: bodySlug }))) return forbidden();
  const meeting = await findMeeting(bodySlug, meetingId);
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const earlier = await db.bodyMeeting.findFirst({
    where: { id: earlierMeetingId, bodyId: meeting.body.id, startsAt: { lt: meeting.startsAt } },
    select: { id: true, startsAt: true, minutesPublishedAt: true },
  });
  if (!earlier) return fail(400, "earlierMeetingId", "Choose an earlier meeting of this body");
  if (!earlier.minutesPublishedAt) return fail(409, "earlierMeetingId", "Publish those minutes as a draft before approving them");
  const approved = await db.$transaction(async (tx) => {
    const { count } = await tx.bodyMeeting.updateMany({
      where: { id: earlier.id, minutesApprovedAt: null },
      data: { minutesApprovedAt: new Date(), minutesApprovedById: actor.id, minutesApprovedAtMeetingId: meeting.id },
    });
    if (!count) return false;
    await createDecision(tx, meeting, {
      itemId: null,
      text: `The minutes of the meeting on ${formatDate(earlier.startsAt)} were approved as a correct record.`,
      votes: [],
      voteTaken: false,
    });
    return true;
  });
  return approved ? ok() : fail(409, "earlierMeetingId", "Those minutes have already been approved");
}

// ------------------------------------------------------------------ follows

export async function setFollowing(actor: SessionUser, bodySlug: string, follow: boolean): Promise<CommandResult> {
  const body = await db.body.findUnique({ where: { slug: bodySlug }, select: { id: true } });
  if (!body) return fail(404, "form", "This body does not exist");
  if (follow) await db.bodyFollow.createMany({ data: [{ bodyId: body.id, userId: actor.id }], skipDuplicates: true });
  else await db.bodyFollow.deleteMany({ where: { bodyId: body.id, userId: actor.id } });
  return ok();
}

export async function isFollowing(viewer: Pick<SessionUser, "id"> | null, bodyId: string) {
  return !!viewer && (await db.bodyFollow.count({ where: { bodyId, userId: viewer.id } })) > 0;
}

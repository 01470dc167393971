import { Prisma } from "#app/generated/prisma/client";
import { db } from "#app/utils/db.server";
import { formatDate, londonToday } from "#app/utils/dates";
import type { Publisher } from "#app/utils/realtime";
import { ALREADY_SENT, submitOnce } from "#app/utils/idempotency.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import type { ForumReader } from "./rooms.policy";
import { findReadableRoom, sendMessage } from "./rooms.server";

// Forum representatives (holders of seats the Forum elects) report back after each
// meeting of the body they sit on. The report-back is posted into the Forum's report-backs
// room, so members reply in its thread like any other message.

export const REPORT_BACKS_ROOM = "board-report-backs";

/**
 * Report-backs are the Forum's: readable by whoever may read the report-backs room. The page
 * and postReportBack enforce this, and every link to it is shown only when it holds.
 */
export async function canReadReportBacks(viewer: ForumReader | null): Promise<boolean> {
  return !!(await findReadableRoom({ slug: REPORT_BACKS_ROOM }, viewer));
}

const today = () => new Date(`${londonToday()}T00:00:00Z`);

/** The elected seats this person holds now, with the recent meetings of each seat's body. */
export async function representativeSeats(viewer: { id: string }, now = new Date()) {
  const day = today();
  const appointments = await db.appointment.findMany({
    where: { userId: viewer.id, endedOn: null, startsOn: { lte: day }, OR: [{ endsOn: null }, { endsOn: { gte: day } }], seat: { fillMethod: "ELECTED" } },
    select: {
      seat: {
        select: {
          id: true,
          name: true,
          body: {
            select: {
              name: true,
              meetings: { where: { startsAt: { lte: now } }, orderBy: { startsAt: "desc" }, take: 12, select: { id: true, title: true, startsAt: true } },
            },
          },
        },
      },
    },
  });
  return appointments.map((a) => a.seat);
}

export async function postReportBack(
  actor: ForumReader | null,
  input: { seatId: string; meetingId: string; discussed: string; decided: string; questions: string; idempotencyKey?: string },
  publisher: Publisher,
  now = new Date(),
): Promise<CommandResult<{ messageId: string }>> {
  // Checked here, not only by the page: a representative who is not (or no longer) a Forum member writes nothing.
  if (!actor || !(await canReadReportBacks(actor))) return fail(403, "form", "Report-backs are for Forum members");
  // A doubled or retried post (same form key) gets the first answer, not a second report-back.
  const submission = { owner: actor.id, key: input.idempotencyKey, scope: "report-back" };
  return submitOnce(
    submission,
    () => writeReportBack(actor, input, publisher, now),
    () => fail(409, "form", ALREADY_SENT),
  );
}

async function writeReportBack(
  actor: ForumReader,
  input: { seatId: string; meetingId: string; discussed: string; decided: string; questions: string },
  publisher: Publisher,
  now: Date,
): Promise<CommandResult<{ messageId: string }>> {
  const seat = (await representativeSeats(actor, now)).find((s) => s.id === input.seatId);
  if (!seat) return fail(403, "seatId", "Only the Forum's elected representatives can report back, for the seat they hold");
  const meeting = seat.body.meetings.find((m) => m.id === input.meetingId);
  if (!meeting) return fail(400, "meetingId", `Choose a meeting of ${seat.body.name} that has taken place`);
  if (await db.reportBack.count({ where: { meetingId: meeting.id, authorId: actor.id } }))
    return fail(409, "meetingId", "You have already reported back on this meeting");
  const room = await db.forumRoom.findUnique({ where: { slug: REPORT_BACKS_ROOM }, select: { id: true } });
  if (!room) return fail(409, "form", "The Forum has no report-backs room; ask an officer to create one");

  const body = [
    `Report-back from ${seat.name}: ${seat.body.name}, ${meeting.title}, ${formatDate(meeting.startsAt)}`,
    `What was discussed: ${input.discussed}`,
    `What was decided: ${input.decided}`,
    input.questions ? `Questions for members: ${input.questions}` : "",
  ]
    .filter(Boolean)
    .join("\n\n");
  const sent = await sendMessage(actor, room.id, { body }, publisher);
  if (!sent.ok) return sent;
  try {
    await db.reportBack.create({
      data: {
        seatId: seat.id,
        authorId: actor.id,
        meetingId: meeting.id,
        discussed: input.discussed,
        decided: input.decided,
        questions: input.questions,
        messageId: sent.messageId,
      },
    });
  } catch (error) {
    // A second report-back on the same meeting sent at the same moment: keep the first.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      await db.forumMessage.delete({ where: { id: sent.messageId } });
      return fail(409, "meetingId", "You have already reported back on this meeting");
    }
    throw error;
  }
  return ok({ messageId: sent.messageId });
}

const reportBackSelect = {
  id: true,
  discussed: true,
  decided: true,
  questions: true,
  messageId: true,
  createdAt: true,
  author: { select: { displayName: true } },
  seat: { select: { id: true, name: true } },
  meeting: { select: { title: true, startsAt: true, body: { select: { name: true } } } },
  message: { select: { replyCount: true } },
} as const;

/** A report-back lives in its Forum message: once that is hidden or deleted, the report-back goes too. */
export const visibleReportBack = { message: { deletedAt: null, moderation: "VISIBLE" } } as const;

export function listReportBacks(where: { seatId?: string } = {}) {
  return db.reportBack.findMany({ where: { ...where, ...visibleReportBack }, orderBy: { meeting: { startsAt: "desc" } }, take: 50, select: reportBackSelect });
}

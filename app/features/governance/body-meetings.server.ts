import ical from "ical-generator";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { londonTime, londonToday } from "#app/utils/dates";
import { appUrl } from "#app/utils/email.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import type { BodyMeetingSchema } from "./body-meetings.schema";
import { managesBody } from "./secretaries.server";
import type { z } from "zod";

export const JOINT_MEETINGS_MINIMUM = 3;

export function bodyMeetings(bodyId: string) {
  return db.bodyMeeting.findMany({
    where: { bodyId },
    orderBy: { startsAt: "asc" },
    select: {
      id: true,
      title: true,
      startsAt: true,
      endsAt: true,
      venue: true,
      jointWithForum: true,
      papersPublishedAt: true,
      minutesPublishedAt: true,
      minutesApprovedAt: true,
      agendaItems: { orderBy: { position: "asc" }, select: { id: true, title: true } },
    },
  });
}

/** A secretary adds a meeting of a body with its agenda. A closed body has no more meetings. */
export async function addBodyMeeting(actor: SessionUser, slug: string, input: z.output<typeof BodyMeetingSchema>): Promise<CommandResult> {
  if (!(await managesBody(actor, { slug }))) return fail(403, "form", "Only this body's secretaries can arrange its meetings");
  const body = await db.body.findUnique({ where: { slug }, select: { id: true, closedAt: true } });
  if (!body) return fail(404, "form", "This body does not exist");
  if (body.closedAt) return fail(409, "form", "This body has closed and holds no more meetings");
  await db.bodyMeeting.create({
    data: {
      bodyId: body.id,
      title: input.title,
      startsAt: londonTime(input.date, input.startTime),
      endsAt: londonTime(input.date, input.endTime),
      venue: input.venue,
      jointWithForum: input.jointWithForum,
      agendaItems: { create: input.agenda.map((title, i) => ({ position: i + 1, title })) },
    },
  });
  return ok();
}

/** Joint Board-Forum meetings this calendar year: held so far and still to come. */
export async function jointMeetingsThisYear(now = new Date()) {
  const year = londonToday(now).slice(0, 4);
  const meetings = await db.bodyMeeting.findMany({
    where: { jointWithForum: true, startsAt: { gte: londonTime(`${year}-01-01`), lt: londonTime(`${Number(year) + 1}-01-01`) } },
    select: { startsAt: true },
  });
  const held = meetings.filter((m) => m.startsAt <= now).length;
  return { year, held, scheduled: meetings.length - held, minimum: JOINT_MEETINGS_MINIMUM };
}

/** A calendar feed of the body's meetings that calendar programs can subscribe to. */
export async function bodyMeetingsCalendar(slug: string): Promise<string | null> {
  const body = await db.body.findUnique({ where: { slug }, select: { id: true, name: true } });
  if (!body) return null;
  const calendar = ical({ name: body.name, prodId: { company: "Touchstone", product: "bodies", language: "EN" }, timezone: "Europe/London" });
  for (const m of await bodyMeetings(body.id)) {
    calendar.createEvent({
      id: `body-meeting-${m.id}@touchstone`,
      start: m.startsAt,
      end: m.endsAt,
      summary: m.jointWithForum ? `${m.title} (joint meeting with the Forum)` : m.title,
      description: m.agendaItems.length ? `Agenda:\n${m.agendaItems.map((a, i) => `${i + 1}. ${a.title}`).join("\n")}` : undefined,
      location: m.venue ?? undefined,
      url: appUrl(`/bodies/${slug}`),
    });
  }
  return calendar.toString();
}

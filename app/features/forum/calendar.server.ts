import { db } from "#app/utils/db.server";
import { addDays, londonTime, londonToday } from "#app/utils/dates";
import { jointMeetingsThisYear } from "#app/features/governance/body-meetings.server";

// The Forum calendar: Board meetings (joint ones marked), open meetings and election dates,
// from the start of this year to a year ahead, in one date order.

export type CalendarEntry = { at: Date; kind: "board" | "joint" | "open-meeting" | "election"; title: string; link: string };

export async function forumCalendar(now = new Date()) {
  const today = londonToday(now);
  const from = londonTime(`${today.slice(0, 4)}-01-01`);
  const to = londonTime(addDays(today, 366));
  const [boardMeetings, openMeetings, elections, joint] = await Promise.all([
    db.bodyMeeting.findMany({
      where: { startsAt: { gte: from, lt: to }, body: { kind: "PARTNERSHIP_BOARD" } },
      select: { id: true, title: true, startsAt: true, jointWithForum: true, body: { select: { slug: true, name: true } } },
    }),
    db.meeting.findMany({ where: { startsAt: { gte: from, lt: to } }, select: { slug: true, title: true, startsAt: true } }),
    db.election.findMany({
      where: { OR: [{ nominationsOpenAt: { gte: from, lt: to } }, { votingCloseAt: { gte: from, lt: to } }] },
      select: { slug: true, title: true, nominationsOpenAt: true, nominationsCloseAt: true, votingOpenAt: true, votingCloseAt: true, declaredAt: true },
    }),
    jointMeetingsThisYear(now),
  ]);
  const entries: CalendarEntry[] = [
    ...boardMeetings.map((m) => ({
      at: m.startsAt,
      kind: m.jointWithForum ? ("joint" as const) : ("board" as const),
      title: `${m.body.name}: ${m.title}`,
      link: `/bodies/${m.body.slug}#meeting-${m.id}`,
    })),
    ...openMeetings.map((m) => ({ at: m.startsAt, kind: "open-meeting" as const, title: m.title, link: `/meetings/${m.slug}` })),
    ...elections.flatMap((e) => [
      { at: e.nominationsOpenAt, kind: "election" as const, title: `${e.title}: nominations open`, link: `/elections/${e.slug}` },
      { at: e.nominationsCloseAt, kind: "election" as const, title: `${e.title}: nominations close`, link: `/elections/${e.slug}` },
      { at: e.votingOpenAt, kind: "election" as const, title: `${e.title}: voting opens`, link: `/elections/${e.slug}` },
      { at: e.votingCloseAt, kind: "election" as const, title: `${e.title}: voting closes`, link: `/elections/${e.slug}` },
    ]),
  ].sort((a, b) => a.at.getTime() - b.at.getTime());
  return {
    upcoming: entries.filter((e) => e.at >= now),
    earlier: entries.filter((e) => e.at < now).reverse(),
    joint,
  };
}

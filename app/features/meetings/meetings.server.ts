import { db } from "~/utils/db.server";

export function listUpcomingMeetings(limit = 5) {
  return db.meeting.findMany({
    where: { endsAt: { gt: new Date() } },
    orderBy: { startsAt: "asc" },
    take: limit,
    select: { id: true, slug: true, title: true, startsAt: true, endsAt: true, venueName: true },
  });
}

import { db } from "~/utils/db.server";

export function listUpcomingMeetings(limit = 5) {
  return db.meeting.findMany({
    where: { endsAt: { gt: new Date() } },
    orderBy: { startsAt: "asc" },
    take: limit,
    select: { id: true, slug: true, title: true, startsAt: true, endsAt: true, venueName: true },
  });
}

export async function listMeetings(now = new Date()) {
  const select = { id: true, slug: true, title: true, startsAt: true, endsAt: true, venueName: true, capacity: true } as const;
  const [upcoming, past] = await Promise.all([
    db.meeting.findMany({ where: { endsAt: { gt: now } }, orderBy: { startsAt: "asc" }, select }),
    db.meeting.findMany({ where: { endsAt: { lte: now } }, orderBy: { startsAt: "desc" }, take: 50, select }),
  ]);
  return { upcoming, past };
}

export function getMeeting(slug: string) {
  return db.meeting.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      startsAt: true,
      endsAt: true,
      venueName: true,
      venueAddress: true,
      stepFreeAccess: true,
      hearingLoop: true,
      accessibleToilets: true,
      parking: true,
      onlineUrl: true,
      capacity: true,
      registrationOpensAt: true,
      registrationClosesAt: true,
      accessRetentionDays: true,
      proposal: { select: { slug: true, title: true } },
    },
  });
}

export function meetingsForProposal(proposalId: string) {
  return db.meeting.findMany({ where: { proposalId }, orderBy: { startsAt: "asc" }, select: { slug: true, title: true, startsAt: true, endsAt: true, venueName: true } });
}

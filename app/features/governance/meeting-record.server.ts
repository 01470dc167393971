import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { londonToday } from "#app/utils/dates";
import { publicProposals, viewProposal } from "#app/features/consultations/consultations.policy";
import { readMinutes, readPapers } from "./governance.policy";
import { managesBody } from "./secretaries.server";
import { checkQuorum } from "./quorum";

// One meeting of a body as its page shows it: agenda and papers, attendance and quorum,
// minutes, numbered decisions with votes, actions (and open ones carried over), reports.
// The public sees papers and minutes once the secretary publishes them.

const decisionSelect = {
  id: true,
  year: true,
  number: true,
  text: true,
  voteTaken: true,
  itemId: true,
  votes: { select: { vote: true, appointment: { select: { holderName: true } } } },
} as const;

export const decisionRef = (body: { slug: string }, d: { year: number; number: number }) =>
  `${body.slug
    .split("-")
    .map((w) => w[0]?.toUpperCase())
    .join("")}/${d.year}/${d.number}`;

/** Seat holders on the day of the meeting, with what the quorum and the vote need to know. */
export async function holdersOn(bodyId: string, day: Date) {
  const appointments = await db.appointment.findMany({
    where: {
      seat: { bodyId },
      startsOn: { lte: day },
      OR: [{ endedOn: null }, { endedOn: { gt: day } }],
      AND: [{ OR: [{ endsOn: null }, { endsOn: { gte: day } }] }],
    },
    orderBy: [{ seat: { position: "asc" } }, { startsOn: "asc" }],
    select: { id: true, holderName: true, userId: true, seat: { select: { name: true, organisation: true, voting: true, fillMethod: true } } },
  });
  return appointments;
}

const meetingDay = (startsAt: Date) => new Date(`${londonToday(startsAt)}T00:00:00Z`);

export async function loadMeetingRecord(viewer: SessionUser | null, bodySlug: string, meetingId: string) {
  const meeting = await db.bodyMeeting.findFirst({
    where: { id: meetingId, body: { slug: bodySlug } },
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
      minutesApprovedAtMeetingId: true,
      body: {
        select: {
          id: true,
          slug: true,
          name: true,
          closedAt: true,
          quorumNumerator: true,
          quorumDenominator: true,
          quorumPartners: true,
          quorumForumRep: true,
          seats: { select: { places: true, voting: true, fillMethod: true } },
        },
      },
      agendaItems: {
        orderBy: { position: "asc" },
        select: {
          id: true,
          position: true,
          title: true,
          minutes: true,
          papers: {
            orderBy: { createdAt: "asc" },
            select: {
              id: true,
              kind: true,
              title: true,
              fileName: true,
              size: true,
              contentType: true,
              storageKey: true,
              proposalVersionId: true,
              reportId: true,
            },
          },
          decisions: { orderBy: { number: "asc" }, select: decisionSelect },
        },
      },
      attendance: { orderBy: { name: "asc" }, select: { id: true, appointmentId: true, name: true, role: true, kind: true } },
      decisions: { where: { itemId: null }, orderBy: { number: "asc" }, select: decisionSelect },
      actionsRaised: { orderBy: { createdAt: "asc" }, select: actionSelect },
      reports: { orderBy: { createdAt: "asc" }, select: { id: true, title: true } },
    },
  });
  if (!meeting) return null;
  const secretary = await managesBody(viewer, { id: meeting.body.id });
  const reader = { keepsRecord: secretary };
  const day = meetingDay(meeting.startsAt);
  const [holders, carried, earlier, proposals] = await Promise.all([
    holdersOn(meeting.body.id, day),
    // Open actions from earlier meetings come to this one's agenda by themselves; for anyone but
    // the secretaries, only those from minutes already published (an action is part of its minutes).
    db.boardAction.findMany({
      where: { bodyId: meeting.body.id, status: "OPEN", meeting: { startsAt: { lt: meeting.startsAt }, ...readMinutes.where(reader) } },
      orderBy: { dueOn: "asc" },
      select: actionSelect,
    }),
    db.bodyMeeting.findMany({
      where: { bodyId: meeting.body.id, startsAt: { lt: meeting.startsAt }, minutesPublishedAt: { not: null } },
      orderBy: { startsAt: "desc" },
      take: 6,
      select: { id: true, title: true, startsAt: true, minutesApprovedAt: true },
    }),
    // Only proposals open to everyone can become public papers (attachProposalVersion refuses the rest).
    secretary
      ? db.proposal.findMany({ where: publicProposals(), orderBy: { createdAt: "desc" }, select: { slug: true, title: true } })
      : Promise.resolve([] as { slug: string; title: string }[]),
  ]);
  const byAppointment = new Map(holders.map((h) => [h.id, h]));
  const presentVoting = meeting.attendance.filter((a) => a.kind === "PRESENT" && a.appointmentId && byAppointment.get(a.appointmentId)?.seat.voting);
  const votingPlaces = meeting.body.seats.filter((s) => s.voting).reduce((n, s) => n + s.places, 0);
  const quorum = checkQuorum(
    {
      numerator: meeting.body.quorumNumerator,
      denominator: meeting.body.quorumDenominator,
      partners: meeting.body.quorumPartners,
      forumRep: meeting.body.quorumForumRep,
    },
    votingPlaces,
    presentVoting.map((a) => {
      const seat = byAppointment.get(a.appointmentId!)!.seat;
      return { organisation: seat.organisation, electedByForum: seat.fillMethod === "ELECTED" };
    }),
    meeting.body.seats.some((s) => s.voting && s.fillMethod === "ELECTED"),
  );
  const showPapers = readPapers.allows(reader, meeting);
  // A paper made from a proposal is shown only to people who may read the proposal (the
  // consultations rule): one made invitation-only after it became a paper keeps its title from
  // everyone else, secretaries included.
  const versionIds = meeting.agendaItems.flatMap((item) => item.papers.map((p) => p.proposalVersionId)).filter((id): id is string => !!id);
  const readableVersions = new Set(
    versionIds.length
      ? (await db.proposalVersion.findMany({ where: { id: { in: versionIds }, proposal: viewProposal.where(viewer) }, select: { id: true } })).map((v) => v.id)
      : [],
  );
  const readablePapers = (papers: (typeof meeting.agendaItems)[number]["papers"]) =>
    papers.filter((p) => !p.proposalVersionId || readableVersions.has(p.proposalVersionId));
  const showMinutes = readMinutes.allows(reader, meeting);
  return {
    meeting: {
      ...meeting,
      agendaItems: meeting.agendaItems.map((item) => ({
        ...item,
        papers: showPapers ? readablePapers(item.papers) : [],
        minutes: showMinutes ? item.minutes : "",
        decisions: showMinutes ? item.decisions.map((d) => ({ ...d, ref: decisionRef(meeting.body, d) })) : [],
      })),
      decisions: showMinutes ? meeting.decisions.map((d) => ({ ...d, ref: decisionRef(meeting.body, d) })) : [],
      actionsRaised: showMinutes ? meeting.actionsRaised : [],
      // Reports are papers: their titles wait for the papers to be published like the rest.
      reports: showPapers ? meeting.reports : [],
    },
    secretary,
    showMinutes,
    holders,
    quorum: meeting.attendance.length ? quorum : null,
    carried,
    earlier,
    proposals,
  };
}

export const actionSelect = {
  id: true,
  description: true,
  ownerPost: true,
  dueOn: true,
  status: true,
  owner: { select: { id: true, displayName: true } },
  meeting: { select: { id: true, title: true, startsAt: true } },
  updates: { orderBy: { createdAt: "asc" }, select: { id: true, text: true, status: true, createdAt: true, author: { select: { displayName: true } } } },
} as const;

/** A body's decisions, newest first: published with the minutes (secretaries see all). */
export async function publishedDecisions(viewer: SessionUser | null, body: { id: string; slug: string }) {
  const decisions = await db.decision.findMany({
    where: { bodyId: body.id, meeting: readMinutes.where({ keepsRecord: await managesBody(viewer, { id: body.id }) }) },
    orderBy: [{ year: "desc" }, { number: "desc" }],
    take: 20,
    select: { id: true, year: true, number: true, text: true, meeting: { select: { id: true, startsAt: true } } },
  });
  return decisions.map((d) => ({ ...d, ref: decisionRef(body, d) }));
}

import type { Prisma } from "#app/generated/prisma/client";
import type { ForumCategory, MembershipStatus, RoleName } from "#app/generated/prisma/enums";
import { hasPermission, rolesWith } from "#app/utils/permissions";
import { rule } from "#app/utils/policy";

type Actor = { id: string; roles: readonly RoleName[] } | null;
type Membership = { status: MembershipStatus; category: ForumCategory; residentVerified: boolean } | null;
type Timetable = {
  nominationsOpenAt: Date | string;
  nominationsCloseAt: Date | string;
  votingOpenAt: Date | string;
  votingCloseAt: Date | string;
  declaredAt: Date | string | null;
};

export type Phase = "before-nominations" | "nominations" | "between" | "voting" | "closed" | "declared";

export function phaseOf(election: Timetable, now = new Date()): Phase {
  const t = (d: Date | string) => new Date(d).getTime();
  if (election.declaredAt) return "declared";
  if (now.getTime() < t(election.nominationsOpenAt)) return "before-nominations";
  if (now.getTime() < t(election.nominationsCloseAt)) return "nominations";
  if (now.getTime() < t(election.votingOpenAt)) return "between";
  if (now.getTime() < t(election.votingCloseAt)) return "voting";
  return "closed";
}

export function canRunElections(actor: Actor): boolean {
  return hasPermission(actor, "run:election:any");
}

/** Live turnout while the poll is open: the Forum's voters and the officers who run it. */
export function canWatchTurnout(actor: Actor): boolean {
  return hasPermission(actor, "vote:election:member") || canRunElections(actor);
}

/** A verified Forum member of a category the election allows, living in the city if it must. */
export function inConstituency(membership: Membership, rule: { constituency: ForumCategory[]; residencyRequired: boolean }): boolean {
  return (
    !!membership &&
    membership.status === "VERIFIED" &&
    rule.constituency.includes(membership.category) &&
    (!rule.residencyRequired || membership.residentVerified)
  );
}

type Constituency = { constituency: ForumCategory[]; residencyRequired: boolean };

/**
 * A voter in an election needs both, as a reader of the Forum's rooms does (ADR 009): a verified
 * membership in the constituency (it says the category and residency) and the Forum member
 * role's `vote:election:member`. Verifying a membership grants the role and ending it takes the
 * role away; an administrator who takes the role away from a member suspends their vote.
 */
export function isVoter(actor: Actor, membership: Membership, election: Constituency): boolean {
  return hasPermission(actor, "vote:election:member") && inConstituency(membership, election);
}

/** The same rule as a filter on memberships: who counts as an eligible voter in the turnout. */
export function votersWhere(election: Constituency): Prisma.ForumMembershipWhereInput {
  return {
    status: "VERIFIED",
    category: { in: election.constituency },
    ...(election.residencyRequired ? { residentVerified: true } : {}),
    user: { roles: { some: { role: { in: rolesWith("vote:election:member") } } } },
  };
}

export type VoteRefusal = "not-eligible" | "not-open";

export function canVote(actor: Actor, membership: Membership, election: Timetable & Constituency, now = new Date()): true | VoteRefusal {
  if (!isVoter(actor, membership, election)) return "not-eligible";
  return phaseOf(election, now) === "voting" ? true : "not-open";
}

type SeatEligibility = { eligibleCategories: ForumCategory[]; residencyRequired: boolean };

/** Why someone cannot stand (or stay standing) for a seat, in the order an officer would check. */
export type StandingRefusal = "not-member" | "category" | "residency";

/**
 * Standing follows the seat's own eligibility (its categories and residency), else the
 * election's. Checked when a nomination is made and confirmed, and again at the count: a
 * candidate who can no longer stand is withdrawn there (ADR 040).
 */
export function standingRefusal(membership: Membership, seat: SeatEligibility, election: Constituency): StandingRefusal | null {
  const categories = seat.eligibleCategories.length ? seat.eligibleCategories : election.constituency;
  if (!membership || membership.status !== "VERIFIED") return "not-member";
  if (!categories.includes(membership.category)) return "category";
  if ((seat.residencyRequired || election.residencyRequired) && !membership.residentVerified) return "residency";
  return null;
}

export function canStand(membership: Membership, seat: SeatEligibility, election: Constituency): boolean {
  return standingRefusal(membership, seat, election) === null;
}

type Nomination = {
  candidateId: string;
  nominatedById: string;
  acceptedAt: Date | string | null;
  confirmedAt: Date | string | null;
  withdrawnAt: Date | string | null;
  election: Timetable;
};

/** Who sees a nomination depends on the moment too (nominations are published when they close). */
export type NominationViewer = { actor: Actor; now: Date };

const published = (election: Timetable, now: Date) => phaseOf(election, now) !== "before-nominations" && phaseOf(election, now) !== "nominations";

/**
 * Candidates and their statements are public once nominations close (standing candidates
 * only: accepted, confirmed, not withdrawn). Before that the returning officer sees every
 * nomination, and people see the ones they made or that name them.
 */
export const seesNomination = rule({
  allows: ({ actor, now }: NominationViewer, nomination: Nomination) => {
    if (canRunElections(actor)) return true;
    if (published(nomination.election, now)) return !!nomination.acceptedAt && !!nomination.confirmedAt && !nomination.withdrawnAt;
    return !!actor && (nomination.candidateId === actor.id || nomination.nominatedById === actor.id);
  },
  where: ({ actor, now }: NominationViewer): Prisma.NominationWhereInput => {
    if (canRunElections(actor)) return {};
    // The same moments as phaseOf: declared, or both nominations' opening and closing have passed.
    const publishedElection: Prisma.ElectionWhereInput = {
      OR: [{ declaredAt: { not: null } }, { nominationsOpenAt: { lte: now }, nominationsCloseAt: { lte: now } }],
    };
    return {
      OR: [
        { election: publishedElection, acceptedAt: { not: null }, confirmedAt: { not: null }, withdrawnAt: null },
        ...(actor ? [{ election: { NOT: publishedElection }, OR: [{ candidateId: actor.id }, { nominatedById: actor.id }] }] : []),
      ],
    };
  },
});

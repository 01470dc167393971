import type { Prisma } from "#app/generated/prisma/client";
import type { ProposalAudience, ProposalStatus, RoleName } from "#app/generated/prisma/enums";
import { hasPermission } from "#app/utils/permissions";
import { rule } from "#app/utils/policy";

type Actor = { id: string; roles: readonly RoleName[] } | null;
type ProposalAccess = {
  status: ProposalStatus;
  audience: ProposalAudience;
  discussionOpensAt: Date | string | null;
  discussionClosesAt: Date | string | null;
};

export const EDIT_WINDOW_MS = 15 * 60 * 1000;

export function canManageProposals(actor: Actor): boolean {
  return hasPermission(actor, "create:proposal:any");
}

export function canModerate(actor: Actor): boolean {
  return hasPermission(actor, "moderate:comment:any");
}

/**
 * Who may read a proposal (its page, its comments, its room, and every command on it): drafts
 * are for commissioners; invitation-only proposals for those who accepted an invitation.
 * `invited` is whether this viewer holds an accepted invitation to the proposal.
 */
export const viewProposal = rule({
  allows: (viewer: Actor, proposal: Pick<ProposalAccess, "status" | "audience"> & { invited: boolean }): boolean => {
    if (canManageProposals(viewer)) return true;
    if (proposal.status === "DRAFT") return false;
    return proposal.audience === "PUBLIC" || (!!viewer && proposal.invited);
  },
  where: (viewer: Actor): Prisma.ProposalWhereInput => {
    if (canManageProposals(viewer)) return {};
    return {
      status: { not: "DRAFT" },
      OR: [{ audience: "PUBLIC" }, ...(viewer ? [{ invitations: { some: { userId: viewer.id, acceptedAt: { not: null } } } }] : [])],
    };
  },
});

/**
 * What a page open to everyone (a meeting's page, a published board paper) may name or link to:
 * the proposals an anonymous visitor may read, so the page never names one its readers cannot open.
 */
export const publicProposals = (): Prisma.ProposalWhereInput => viewProposal.where(null);

export type CommentRefusal = "not-open" | "closed" | "not-yet-open";

/** Whether the discussion period is running now; the server checks this on every write. */
export function discussionState(proposal: ProposalAccess, now = new Date()): "open" | CommentRefusal {
  if (proposal.status !== "OPEN") return "not-open";
  if (proposal.discussionOpensAt && new Date(proposal.discussionOpensAt) > now) return "not-yet-open";
  if (proposal.discussionClosesAt && new Date(proposal.discussionClosesAt) <= now) return "closed";
  return "open";
}

export function canEditComment(
  actor: Actor,
  comment: { authorId: string | null; createdAt: Date | string; deletedAt: Date | string | null },
  now = new Date(),
): boolean {
  return !!actor && actor.id === comment.authorId && !comment.deletedAt && now.getTime() - new Date(comment.createdAt).getTime() <= EDIT_WINDOW_MS;
}

export function canDeleteComment(actor: Actor, comment: { authorId: string | null; deletedAt: Date | string | null }): boolean {
  return !!actor && actor.id === comment.authorId && !comment.deletedAt;
}

import { db } from "~/utils/db.server";
import type { SessionUser } from "~/utils/auth.server";
import { canViewProposal } from "./consultations.policy";
import { sectionParagraphs } from "./markdown.server";

/** A proposal by its address, with a version (the latest by default), if this person may see it. */
export async function findViewableProposal(slug: string, user: SessionUser | null, versionNumber?: number) {
  const access = await findProposalAccess({ slug }, user);
  if (!access) return null;
  const proposal = await db.proposal.findUniqueOrThrow({
    where: { id: access.id },
    select: {
      summary: true,
      statusNote: true,
      premoderation: true,
      versions: { orderBy: { number: "desc" }, select: { id: true, number: true, changeNote: true, publishedAt: true } },
    },
  });
  const version = versionNumber ? proposal.versions.find((v) => v.number === versionNumber) : proposal.versions[0];
  if (!version) return null;
  const sections = await db.proposalSection.findMany({
    where: { versionId: version.id },
    orderBy: { position: "asc" },
    select: { id: true, number: true, heading: true, body: true },
  });
  return {
    ...access,
    ...proposal,
    version,
    isLatest: version.id === proposal.versions[0].id,
    sections: sections.map((s) => ({ ...s, paragraphs: sectionParagraphs(s.body) })),
  };
}

/**
 * Just enough to authorise an action, a live update or a socket room: the proposal's
 * basics, if this person may see it. No sections are loaded or parsed.
 */
export async function findProposalAccess(where: { slug: string } | { id: string }, user: { id: string; roles: SessionUser["roles"] } | null) {
  const proposal = await db.proposal.findUnique({
    where,
    select: { id: true, slug: true, title: true, status: true, audience: true, discussionOpensAt: true, discussionClosesAt: true },
  });
  if (!proposal) return null;
  const invited = user && proposal.audience === "INVITED" ? await isInvited(proposal.id, user.id) : false;
  return canViewProposal(user, proposal, invited) ? proposal : null;
}

export async function isInvited(proposalId: string, userId: string): Promise<boolean> {
  const invitation = await db.proposalInvitation.findFirst({
    where: { proposalId, userId, acceptedAt: { not: null } },
    select: { id: true },
  });
  return invitation !== null;
}

export function listProposals(user: SessionUser | null) {
  return db.proposal.findMany({
    where: {
      status: { not: "DRAFT" },
      OR: [
        { audience: "PUBLIC" },
        ...(user ? [{ invitations: { some: { userId: user.id, acceptedAt: { not: null } } } }] : []),
      ],
    },
    orderBy: [{ discussionClosesAt: "desc" }],
    select: { id: true, slug: true, title: true, summary: true, status: true, audience: true, discussionOpensAt: true, discussionClosesAt: true },
  });
}

import { db } from "~/utils/db.server";
import type { SessionUser } from "~/utils/auth.server";
import { canViewProposal } from "./consultations.policy";
import { sectionParagraphs } from "./markdown.server";

/** A proposal by its address, with its latest version, if this person may see it. */
export async function findViewableProposal(slug: string, user: SessionUser | null, versionNumber?: number) {
  const proposal = await db.proposal.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      status: true,
      statusNote: true,
      audience: true,
      premoderation: true,
      discussionOpensAt: true,
      discussionClosesAt: true,
      versions: {
        orderBy: { number: "desc" },
        select: { id: true, number: true, changeNote: true, publishedAt: true },
      },
    },
  });
  if (!proposal) return null;
  const invited = user ? await isInvited(proposal.id, user.id) : false;
  if (!canViewProposal(user, proposal, invited)) return null;
  const version = versionNumber ? proposal.versions.find((v) => v.number === versionNumber) : proposal.versions[0];
  if (!version) return null;
  const sections = await db.proposalSection.findMany({
    where: { versionId: version.id },
    orderBy: { position: "asc" },
    select: { id: true, number: true, heading: true, body: true },
  });
  return {
    ...proposal,
    version,
    isLatest: version.id === proposal.versions[0].id,
    sections: sections.map((s) => ({ ...s, paragraphs: sectionParagraphs(s.body) })),
  };
}

/** Just enough to authorise an action on a proposal: its id, if this person may see it. */
export async function findViewableProposalId(slug: string, user: SessionUser | null): Promise<string | null> {
  const proposal = await db.proposal.findUnique({
    where: { slug },
    select: { id: true, status: true, audience: true, discussionOpensAt: true, discussionClosesAt: true },
  });
  if (!proposal) return null;
  const invited = user && proposal.audience === "INVITED" ? await isInvited(proposal.id, user.id) : false;
  return canViewProposal(user, proposal, invited) ? proposal.id : null;
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

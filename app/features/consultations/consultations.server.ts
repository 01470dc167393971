import { db } from "#app/utils/db.server";

/** Public proposals that are open for comment now, soonest closing first. */
export function listOpenProposals() {
  return db.proposal.findMany({
    where: { status: "OPEN", audience: "PUBLIC" },
    orderBy: { discussionClosesAt: "asc" },
    select: { id: true, slug: true, title: true, summary: true, discussionOpensAt: true, discussionClosesAt: true },
  });
}

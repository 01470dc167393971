import { db } from "#app/utils/db.server";
import { publicProposals } from "./consultations.policy";

/** Public proposals that are open for comment now, soonest closing first (the home page is the same for everyone). */
export function listOpenProposals() {
  return db.proposal.findMany({
    where: { AND: [publicProposals(), { status: "OPEN" }] },
    orderBy: { discussionClosesAt: "asc" },
    select: { id: true, slug: true, title: true, summary: true, discussionOpensAt: true, discussionClosesAt: true },
  });
}

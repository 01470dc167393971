import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getComment } from "~/features/consultations/comments.server";
import { findProposalAccess } from "~/features/consultations/proposals.server";

// One comment as this reader may see it: what the proposal page fetches when a live event
// says a comment was added or changed. Kept small because every viewer asks at once.
export async function loader({ params, context }: LoaderFunctionArgs) {
  const proposal = await findProposalAccess({ slug: params.slug ?? "" }, context.user);
  if (!proposal) throw new Response("Not found", { status: 404 });
  const comment = await getComment(proposal.id, params.commentId ?? "", context.user);
  if (!comment) throw new Response("Not found", { status: 404 });
  return json({ comment }, { headers: { "Cache-Control": "no-store" } });
}

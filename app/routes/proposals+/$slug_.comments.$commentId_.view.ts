import type { LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { getComment, getCommentWithReplies } from "#app/features/consultations/comments.server";
import { THREAD_PAGE } from "#app/features/consultations/thread.server";
import { findProposalAccess } from "#app/features/consultations/proposals.server";

// One comment as this reader may see it: what the proposal page fetches when a live event
// says a comment was added or changed. Kept small because every viewer asks at once.
// With ?replies=1 it comes with its first replies, as on the page: how a comment from the
// shared render of the thread becomes the reader's own (ADR 020).
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const proposal = await findProposalAccess({ slug: params.slug ?? "" }, context.user);
  if (!proposal) throw new Response("Not found", { status: 404 });
  const withReplies = new URL(request.url).searchParams.get("replies") === "1";
  const comment = withReplies
    ? await getCommentWithReplies(proposal.id, params.commentId ?? "", context.user, THREAD_PAGE.repliesShown)
    : await getComment(proposal.id, params.commentId ?? "", context.user);
  if (!comment) throw new Response("Not found", { status: 404 });
  return json({ comment }, { headers: { "Cache-Control": "no-store" } });
}

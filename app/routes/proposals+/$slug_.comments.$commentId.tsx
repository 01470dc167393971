import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { commentActionFromRequest, type CommentActionResult } from "~/features/consultations/comment-actions.server";
import { getComment, listReplies } from "~/features/consultations/comments.server";
import { canModerate, discussionState } from "~/features/consultations/consultations.policy";
import { ReplyPageQuerySchema } from "~/features/consultations/consultations.schema";
import { findProposalAccess } from "~/features/consultations/proposals.server";
import { CommentItem, type CommentContext } from "~/features/consultations/ui/comment-item";

// One comment with all its replies, paged: the no-JavaScript "show all replies" and a
// link to share.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const proposal = await findProposalAccess({ slug: params.slug ?? "" }, context.user);
  if (!proposal) throw new Response("Not found", { status: 404 });
  const comment = await getComment(proposal.id, params.commentId ?? "", context.user);
  if (!comment) throw new Response("Not found", { status: 404 });
  const { cursor } = ReplyPageQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const replies = await listReplies(proposal.id, comment.id, context.user, cursor);
  return json({
    proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title },
    comment: { ...comment, replies: replies?.replies ?? [] },
    nextCursor: replies?.nextCursor ?? null,
    canComment: !!context.user && discussionState(proposal) === "open",
    viewer: context.user ? { organisation: context.user.organisation, moderator: canModerate(context.user) } : null,
  });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const result = await commentActionFromRequest(request, params.slug, context);
  if (!result.ok) return json(result, { status: result.status });
  return redirect(`${new URL(request.url).pathname}#comment-${result.commentId}`);
}

export default function CommentThread() {
  const data = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as Extract<CommentActionResult, { ok: false }> | undefined;
  const context: CommentContext = {
    slug: data.proposal.slug,
    signedIn: !!data.viewer,
    canComment: data.canComment,
    moderator: !!data.viewer?.moderator,
    organisation: data.viewer?.organisation ?? null,
    reply: actionData ? { formId: actionData.formId, errors: actionData.errors, values: actionData.values } : null,
    liveReplies: {},
    livePatches: {},
  };
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/proposals/${data.proposal.slug}#comment-${data.comment.id}`}>
          Back to {data.proposal.title}
        </Link>
      </div>
      <h1 className="nhsuk-heading-l">Comment and replies</h1>
      <ul className="app-comment-list">
        <CommentItem comment={{ ...data.comment, replyCount: data.comment.replies.length }} context={context} level={1} />
      </ul>
      {data.nextCursor ? (
        <p>
          <Link to={`?cursor=${data.nextCursor}`}>Show more replies</Link>
        </p>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Comment on ${data?.proposal.title ?? "a proposal"} - Touchstone` }];

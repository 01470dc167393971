import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { getComment, listReplies } from "#app/features/consultations/comments.server";
import { commentIntents } from "#app/features/consultations/comment-intents.server";
import { canModerate, discussionState } from "#app/features/consultations/consultations.policy";
import { ReplyPageQuerySchema } from "#app/features/consultations/consultations.schema";
import { findProposalAccess } from "#app/features/consultations/proposals.server";
import { CommentItem, type CommentContext } from "#app/features/consultations/ui/comment-item";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";

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

// The same comment forms as on the proposal's page; after each, back to this thread at the comment.
// Pure: the browser build drops the action (its .server imports are empty there; see ADR 027).
export const action = /* @__PURE__ */ formAction(
  async ({ request, params, context }) => {
    const actor = requireUser(context, request);
    const proposal = await findProposalAccess({ slug: params.slug ?? "" }, actor);
    if (!proposal) throw new Response("Not found", { status: 404 });
    return { actor, proposalId: proposal.id, path: new URL(request.url).pathname, publisher: context.publisher };
  },
  (intent) => commentIntents(intent, (made, { path }) => redirect(`${path}#comment-${made.commentId}`)),
);

export default function CommentThread() {
  const data = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  const context: CommentContext = {
    slug: data.proposal.slug,
    signedIn: !!data.viewer,
    canComment: data.canComment,
    moderator: !!data.viewer?.moderator,
    organisation: data.viewer?.organisation ?? null,
    reply: reply ? { form: reply.form, errors: reply.errors, values: reply.values } : null,
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
      {/* The bylines are h3, as under "Comments" on the proposal's page: no level is skipped. */}
      <h2 className="nhsuk-u-visually-hidden">Comment on {data.proposal.title}</h2>
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

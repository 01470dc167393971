import { STAKEHOLDER_TYPE_LABELS } from "~/features/accounts/accounts.schema";
import { formatDateTime } from "~/utils/dates";
import type { CommentView } from "../comments.server";
import { STANCE_LABELS } from "../consultations.schema";

/** What a shared render may depend on: the same for every reader of one audience. */
export type StaticAudience = {
  slug: string;
  signedIn: boolean;
  canComment: boolean;
  moderator: boolean;
};

type Panel = "reply" | "report" | "moderate";

/**
 * A comment and its shown replies as plain HTML, the same for every reader of an audience,
 * so it is rendered once and reused (see thread.server.tsx). It carries nobody's own state:
 * comments someone wrote or agreed with are rendered for them by CommentItem instead.
 * Without JavaScript its panels are links and its buttons plain forms; with JavaScript the
 * page shows the buttons marked app-js-only, and a click brings the comment to life.
 */
export function StaticCommentItem({ comment, audience, level }: { comment: CommentView; audience: StaticAudience; level: number }) {
  return (
    <li className={`app-comment app-comment--level-${level}`} id={`comment-${comment.id}`}>
      <StaticCommentBody comment={comment} audience={audience} level={level} />
    </li>
  );
}

/** The inside of the comment's list item: the page keeps the item itself. */
export function StaticCommentBody({ comment, audience, level }: { comment: CommentView; audience: StaticAudience; level: number }) {
  const Heading = (level <= 1 ? "h3" : level === 2 ? "h4" : "h5") as "h3";
  const allowed: Record<Panel, boolean> = {
    reply: audience.canComment && comment.state === "visible",
    report: audience.signedIn && comment.state === "visible",
    moderate: audience.moderator && comment.state !== "deleted",
  };
  const toggle = (panel: Panel, text: string) => (
    <>
      <a className="app-no-js" href={`?${panel}=${comment.id}#${panel}-panel-${comment.id}`}>
        {text}
        <span className="nhsuk-u-visually-hidden"> to {comment.author.displayName}&apos;s comment</span>
      </a>
      <button type="button" className="app-link-button app-js-only" data-panel={panel} data-comment-id={comment.id} aria-expanded="false">
        {text}
        <span className="nhsuk-u-visually-hidden"> to {comment.author.displayName}&apos;s comment</span>
      </button>
    </>
  );
  return (
    <>
      <article aria-labelledby={`comment-${comment.id}-by`}>
        <Heading className="app-comment__byline nhsuk-body-s" id={`comment-${comment.id}-by`}>
          <strong>{comment.author.displayName}</strong>{" "}
          <strong className="nhsuk-tag nhsuk-tag--grey app-badge">{STAKEHOLDER_TYPE_LABELS[comment.author.stakeholderType]}</strong>
          {comment.author.onBehalfOf ? <span> on behalf of {comment.author.onBehalfOf}</span> : null}
          {comment.stance ? <strong className="nhsuk-tag nhsuk-tag--blue app-badge">{STANCE_LABELS[comment.stance]}</strong> : null}
          <span className="app-comment__time">
            {formatDateTime(comment.createdAt)}
            {comment.edited ? " (edited)" : ""}
          </span>
        </Heading>
        {level === 1 && comment.section ? (
          <p className="nhsuk-body-s app-comment__about">
            About section {comment.section.number}, {comment.section.heading}
            {comment.paragraphIndex !== null ? `, paragraph ${comment.paragraphIndex + 1}` : ""}
          </p>
        ) : null}
        {level === 1 && comment.quote ? <blockquote className="app-quote">{comment.quote}</blockquote> : null}
        {comment.state === "pending" ? <strong className="nhsuk-tag nhsuk-tag--yellow">Awaiting approval: only you and the moderators can see this</strong> : null}
        {comment.state === "deleted" ? <p className="app-tombstone">This comment was deleted by its author.</p> : null}
        {comment.state === "hidden" ? <p className="app-tombstone">Removed by a moderator: {comment.moderationReason}</p> : null}
        {comment.html ? <div className="app-comment__body" dangerouslySetInnerHTML={{ __html: comment.html }} /> : null}

        {comment.state === "visible" || comment.state === "pending" || audience.moderator ? (
          <div className="app-comment__actions">
            {comment.state === "visible" ? (
              <form method="post" className="app-inline-form" data-shared-form="">
                <input type="hidden" name="intent" value="agree" />
                <input type="hidden" name="commentId" value={comment.id} />
                {audience.signedIn ? (
                  <button type="submit" className="app-link-button">
                    Agree<span className="nhsuk-u-visually-hidden"> with {comment.author.displayName}&apos;s comment</span>
                  </button>
                ) : null}
                <span className="nhsuk-body-s app-agree-count" aria-live="polite">
                  {comment.agreeCount} {comment.agreeCount === 1 ? "person agrees" : "people agree"}
                </span>
              </form>
            ) : null}
            {allowed.reply ? toggle("reply", "Reply") : null}
            {allowed.report ? toggle("report", "Report") : null}
            {allowed.moderate ? toggle("moderate", "Moderate") : null}
          </div>
        ) : null}
      </article>

      {comment.replies.length > 0 || comment.replyCount > comment.replies.length ? (
        <ul className="app-comment-list app-comment-list--replies">
          {comment.replies.map((reply) => (
            <StaticCommentItem key={reply.id} comment={reply} audience={audience} level={level + 1} />
          ))}
        </ul>
      ) : null}
      {comment.replyCount > comment.replies.length ? (
        <p className="nhsuk-body-s">
          <a href={`/proposals/${audience.slug}/comments/${comment.id}`}>
            Show all {comment.replyCount} replies<span className="nhsuk-u-visually-hidden"> to {comment.author.displayName}&apos;s comment</span>
          </a>
        </p>
      ) : null}
    </>
  );
}

import { CommentHeader } from "./comment-header";
import type { CommentView } from "#app/features/consultations/comments.server";

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
 * page turns the links into buttons, and a click brings the comment to life.
 */
export function StaticCommentItem({ comment, audience, level }: { comment: CommentView; audience: StaticAudience; level: number }) {
  return (
    <li className={`app-comment app-comment--level-${level}`} id={`comment-${comment.id}`}>
      <StaticCommentBody comment={comment} audience={audience} level={level} />
    </li>
  );
}

/** What one reader has of their own in a comment, laid over the shared render. */
export type PersonalState = { mine: boolean; agreedByMe: boolean; canEdit: boolean; canDelete: boolean };

const NOBODYS: PersonalState = { mine: false, agreedByMe: false, canEdit: false, canDelete: false };

/** Where a comment's actions start in its shared HTML: the part a reader's own state changes. */
export const ACTIONS_OPEN = '<div class="app-comment__actions">';

/**
 * What a panel's toggle says after its visible word, for screen readers: which comment it acts
 * on, so a list of "Reply", "Report" links can be told apart ("Reply to Sam's comment",
 * "Report Sam's comment", "Edit your comment").
 */
export function panelTarget(panel: Panel | "edit", authorName: string): string {
  if (panel === "edit") return " your comment";
  return panel === "reply" ? ` to ${authorName}'s comment` : ` ${authorName}'s comment`;
}

/**
 * A panel's toggle: a link that reopens the page with the panel (without JavaScript); once the
 * page runs, the list gives it the role of a button and a click opens the panel in place.
 */
function Toggle({ comment, panel, text }: { comment: CommentView; panel: Panel | "edit"; text: string }) {
  return (
    <a className="app-toggle" href={`?${panel}=${comment.id}#${panel}-panel-${comment.id}`}>
      {text}
      <span className="nhsuk-u-visually-hidden">{panelTarget(panel, comment.author.displayName)}</span>
    </a>
  );
}

/** A comment's agree, reply, edit, delete, report and moderate controls. */
export function StaticActions({ comment, audience, personal = NOBODYS }: { comment: CommentView; audience: StaticAudience; personal?: PersonalState }) {
  if (!(comment.state === "visible" || comment.state === "pending" || audience.moderator)) return null;
  const agreeText = `${comment.agreeCount} ${comment.agreeCount === 1 ? "person agrees" : "people agree"}${personal.agreedByMe ? " (including you)" : ""}`;
  return (
    <div className="app-comment__actions">
      {comment.state === "visible" && audience.signedIn ? (
        <form method="post" className="app-inline-form">
          <input type="hidden" name="commentId" value={comment.id} />
          {!personal.mine && !personal.agreedByMe ? (
            <button type="submit" name="intent" value="agree" className="app-link-button">
              Agree<span className="nhsuk-u-visually-hidden"> with {comment.author.displayName}&apos;s comment</span>
            </button>
          ) : null}
          <span className="nhsuk-body-s app-agree-count">{agreeText}</span>
        </form>
      ) : comment.state === "visible" ? (
        <p className="nhsuk-body-s app-agree-count app-inline-form">{agreeText}</p>
      ) : null}
      {audience.canComment && comment.state === "visible" ? <Toggle comment={comment} panel="reply" text="Reply" /> : null}
      {personal.canEdit ? <Toggle comment={comment} panel="edit" text="Edit" /> : null}
      {personal.canDelete && comment.state !== "deleted" ? (
        <form method="post" className="app-inline-form">
          <input type="hidden" name="commentId" value={comment.id} />
          <button type="submit" name="intent" value="delete" className="app-link-button">
            Delete<span className="nhsuk-u-visually-hidden"> your comment</span>
          </button>
        </form>
      ) : null}
      {audience.signedIn && !personal.mine && comment.state === "visible" ? <Toggle comment={comment} panel="report" text="Report" /> : null}
      {audience.moderator && comment.state !== "deleted" ? <Toggle comment={comment} panel="moderate" text="Moderate" /> : null}
    </div>
  );
}

/** The inside of the comment's list item: the page keeps the item itself. */
export function StaticCommentBody({ comment, audience, level }: { comment: CommentView; audience: StaticAudience; level: number }) {
  return (
    <>
      <article aria-labelledby={`comment-${comment.id}-by`}>
        <CommentHeader comment={comment} level={level} />
        {comment.state === "deleted" ? <p className="app-tombstone">This comment was deleted by its author.</p> : null}
        {comment.state === "hidden" ? <p className="app-tombstone">Removed by a moderator: {comment.moderationReason}</p> : null}
        {comment.html ? <div className="app-comment__body" dangerouslySetInnerHTML={{ __html: comment.html }} /> : null}
        {/* Last in the article: a reader's own state replaces from here to the article's end. */}
        <StaticActions comment={comment} audience={audience} />
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

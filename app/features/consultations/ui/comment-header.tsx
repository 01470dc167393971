import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { formatDateTime } from "#app/utils/dates";
import type { CommentView } from "#app/features/consultations/comments.server";
import { STANCE_LABELS } from "#app/features/consultations/consultations.schema";

/**
 * A comment's byline, what it is about and its quote: the same in the live item and in the
 * shared render of a thread (ADR 020), so the two cannot drift apart.
 */
export function CommentHeader({ comment, level }: { comment: CommentView; level: number }) {
  const Heading = (level <= 1 ? "h3" : level === 2 ? "h4" : "h5") as "h3";
  return (
    <>
      <Heading className="app-comment__byline nhsuk-body-s" id={`comment-${comment.id}-by`}>
        <strong>{comment.author.displayName}</strong>{" "}
        {comment.author.stakeholderType ? (
          <strong className="nhsuk-tag nhsuk-tag--grey app-badge">{STAKEHOLDER_TYPE_LABELS[comment.author.stakeholderType]}</strong>
        ) : null}
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
      {comment.state === "pending" ? (
        <strong className="nhsuk-tag nhsuk-tag--yellow">Awaiting approval: only you and the moderators can see this</strong>
      ) : null}
    </>
  );
}

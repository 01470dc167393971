import { Form, Link, useSearchParams } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { CommentHeader } from "./comment-header";
import type { FieldErrors } from "#app/utils/forms";
import { useHydrated } from "#app/utils/use-hydrated";
import type { CommentView } from "#app/features/consultations/comments.server";
import { COMMENT_MAX } from "#app/features/consultations/consultations.schema";
import { CommentForm } from "./comment-form";
import { panelTarget } from "./static-comment-item";

const PANELS = ["reply", "edit", "report", "moderate"] as const;
export type Panel = (typeof PANELS)[number];

export type CommentContext = {
  slug: string;
  signedIn: boolean;
  canComment: boolean;
  moderator: boolean;
  organisation: string | null;
  /** Errors and values of the form that was last sent, and which form it was (the action's `form`). */
  reply: { form: string; errors: FieldErrors | null; values: { body: string; reason: string; stance: string } | null } | null;
  /** Live replies and live changes that arrived after the page loaded. */
  liveReplies: Record<string, CommentView[]>;
  livePatches: Record<string, CommentView>;
  /** A panel the reader opened on a shared item before it came to life. */
  opened?: { commentId: string; panel: Panel } | null;
};

/** A panel's errors for its summary: its field's linked to the field's id, any other unlinked. */
function summaryOf(errors: FieldErrors, field: string, fieldId: string): FieldErrors {
  const { [field]: onField, ...rest } = errors;
  const other = Object.values(rest)
    .flat()
    .filter((m): m is string => !!m);
  return { [fieldId]: onField, form: other.length ? other : undefined };
}

function StateNotice({ comment }: { comment: CommentView }) {
  if (comment.state === "deleted") return <p className="app-tombstone">This comment was deleted by its author.</p>;
  if (comment.state === "hidden") {
    return <p className="app-tombstone">Removed by a moderator: {comment.moderationReason}</p>;
  }
  return null;
}

export function CommentItem({ comment: original, context, level }: { comment: CommentView; context: CommentContext; level: number }) {
  // A patch is the one comment; its replies stay those already shown.
  const patch = context.livePatches[original.id];
  const comment = patch ? { ...patch, replies: original.replies } : original;
  const hydrated = useHydrated();
  const [searchParams] = useSearchParams();
  const [open, setOpen] = useState<Panel | null>(context.opened?.commentId === original.id ? context.opened.panel : null);
  const errorsFor = (panel: Panel) => (context.reply?.form === `${panel}-${comment.id}` ? context.reply : null);
  const replyFormId = `reply-${comment.id}`;
  const [replyErrors, editErrors, reportErrors, moderateErrors] = PANELS.map(errorsFor);
  // A panel is open when chosen here, when its form came back with errors, or when the
  // page was opened with ?reply=<id> (how the links work without JavaScript).
  const allowed: Record<Panel, boolean> = {
    reply: context.canComment && comment.state === "visible",
    edit: comment.canEdit,
    report: context.signedIn && !comment.mine && comment.state === "visible",
    moderate: context.moderator && comment.state !== "deleted",
  };
  const shown = open ?? PANELS.find((panel) => errorsFor(panel)) ?? PANELS.find((panel) => allowed[panel] && searchParams.get(panel) === comment.id) ?? null;
  const known = new Set(comment.replies.map((r) => r.id));
  const replies = [...comment.replies, ...(context.liveReplies[comment.id] ?? []).filter((r) => !known.has(r.id))];

  // Without JavaScript, each panel is a link that reloads the page with it open.
  const toggle = (panel: Panel, text: string) =>
    hydrated ? (
      <button
        type="button"
        className="app-link-button"
        aria-expanded={shown === panel}
        aria-controls={`${panel}-panel-${comment.id}`}
        onClick={() => setOpen(shown === panel ? null : panel)}
      >
        {text}
        <span className="nhsuk-u-visually-hidden">{panelTarget(panel, comment.author.displayName)}</span>
      </button>
    ) : (
      <Link to={`?${panel}=${comment.id}#${panel}-panel-${comment.id}`} preventScrollReset>
        {text}
        <span className="nhsuk-u-visually-hidden">{panelTarget(panel, comment.author.displayName)}</span>
      </Link>
    );

  return (
    <li className={`app-comment app-comment--level-${level}`} id={`comment-${comment.id}`}>
      <article aria-labelledby={`comment-${comment.id}-by`}>
        <CommentHeader comment={comment} level={level} />
        <StateNotice comment={comment} />
        {comment.html ? <div className="app-comment__body" dangerouslySetInnerHTML={{ __html: comment.html }} /> : null}

        {comment.state === "visible" || comment.state === "pending" || context.moderator ? (
          <div className="app-comment__actions">
            {comment.state === "visible" ? (
              <Form method="post" preventScrollReset className="app-inline-form">
                <input type="hidden" name="intent" value="agree" />
                <input type="hidden" name="commentId" value={comment.id} />
                {context.signedIn && !comment.mine && !comment.agreedByMe ? (
                  <button type="submit" className="app-link-button">
                    Agree<span className="nhsuk-u-visually-hidden"> with {comment.author.displayName}&apos;s comment</span>
                  </button>
                ) : null}
                <span className="nhsuk-body-s app-agree-count" aria-live="polite">
                  {comment.agreeCount} {comment.agreeCount === 1 ? "person agrees" : "people agree"}
                  {comment.agreedByMe ? " (including you)" : ""}
                </span>
              </Form>
            ) : null}
            {allowed.reply ? toggle("reply", "Reply") : null}
            {allowed.edit ? toggle("edit", "Edit") : null}
            {comment.canDelete && comment.state !== "deleted" ? (
              <Form method="post" preventScrollReset className="app-inline-form">
                <input type="hidden" name="intent" value="delete" />
                <input type="hidden" name="commentId" value={comment.id} />
                <button type="submit" className="app-link-button">
                  Delete<span className="nhsuk-u-visually-hidden"> your comment</span>
                </button>
              </Form>
            ) : null}
            {allowed.report ? toggle("report", "Report") : null}
            {allowed.moderate ? toggle("moderate", "Moderate") : null}
          </div>
        ) : null}

        {shown === "reply" ? (
          <div id={`reply-panel-${comment.id}`} className="app-comment__panel">
            <CommentForm
              formId={replyFormId}
              parentId={comment.id}
              organisation={context.organisation}
              errors={replyErrors?.errors}
              values={replyErrors?.values ?? undefined}
              label={`Your reply to ${comment.author.displayName}`}
              submitLabel="Post reply"
            />
          </div>
        ) : null}
        {shown === "edit" ? (
          <div id={`edit-panel-${comment.id}`} className="app-comment__panel">
            <Form method="post" preventScrollReset>
              <ErrorSummary errors={editErrors?.errors ? summaryOf(editErrors.errors, "body", `edit-${comment.id}-body`) : null} />
              <input type="hidden" name="intent" value="edit" />
              <input type="hidden" name="commentId" value={comment.id} />
              <Textarea
                name="body"
                id={`edit-${comment.id}-body`}
                label="Edit your comment"
                maxLength={COMMENT_MAX}
                defaultValue={editErrors?.values?.body ?? comment.source ?? ""}
                error={editErrors?.errors?.body}
              />
              <Button>Save changes</Button>
            </Form>
          </div>
        ) : null}
        {shown === "report" ? (
          <div id={`report-panel-${comment.id}`} className="app-comment__panel">
            <Form method="post" preventScrollReset noValidate>
              <ErrorSummary errors={reportErrors?.errors ? summaryOf(reportErrors.errors, "reason", `report-${comment.id}-reason`) : null} />
              <input type="hidden" name="intent" value="report" />
              <input type="hidden" name="commentId" value={comment.id} />
              <Textarea
                name="reason"
                id={`report-${comment.id}-reason`}
                label="Why are you reporting this comment?"
                hint="A moderator will look at it. The author will not see who reported it."
                rows={3}
                defaultValue={reportErrors?.values?.reason}
                error={reportErrors?.errors?.reason}
              />
              <Button secondary>Send report</Button>
            </Form>
          </div>
        ) : null}
        {shown === "moderate" ? (
          <div id={`moderate-panel-${comment.id}`} className="app-comment__panel">
            <Form method="post" preventScrollReset>
              <ErrorSummary errors={moderateErrors?.errors ? summaryOf(moderateErrors.errors, "reason", `moderate-${comment.id}-reason`) : null} />
              <input type="hidden" name="commentId" value={comment.id} />
              <Textarea
                name="reason"
                id={`moderate-${comment.id}-reason`}
                label="Reason (shown to readers when a comment is removed)"
                rows={2}
                defaultValue={moderateErrors?.values?.reason}
                error={moderateErrors?.errors?.reason}
              />
              {comment.state === "pending" ? (
                <Button name="intent" value="approve">
                  Approve
                </Button>
              ) : null}
              {comment.state === "hidden" ? (
                <Button name="intent" value="restore">
                  Restore
                </Button>
              ) : (
                <Button secondary name="intent" value="hide">
                  Remove
                </Button>
              )}
            </Form>
          </div>
        ) : null}
      </article>

      {replies.length > 0 || comment.replyCount > comment.replies.length ? (
        <ul className="app-comment-list app-comment-list--replies">
          {replies.map((reply) => (
            <CommentItem key={reply.id} comment={reply} context={context} level={level + 1} />
          ))}
        </ul>
      ) : null}
      {comment.replyCount > replies.length ? (
        <p className="nhsuk-body-s">
          <Link to={`/proposals/${context.slug}/comments/${comment.id}`}>
            Show all {comment.replyCount} replies<span className="nhsuk-u-visually-hidden"> to {comment.author.displayName}&apos;s comment</span>
          </Link>
        </p>
      ) : null}
    </li>
  );
}

import { useFetcher } from "@remix-run/react";
import { useId } from "react";
import { ErrorMessage } from "#app/components/ui/fields";
import { formatDateTime } from "#app/utils/dates";
import type { FormReply } from "#app/utils/form-reply";
import type { FieldErrors } from "#app/utils/forms";
import { REACTIONS } from "#app/features/forum/rooms.schema";
import type { MessageView } from "#app/features/forum/rooms.server";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";

/** What the room page's action answers each of these forms (its formAction reply). */
type Reply = FormReply<{ crisis: boolean }>;
export type Viewer = { id: string; officer: boolean; canPost: boolean };

const firstError = (errors?: FieldErrors | null) => (errors ? Object.values(errors).flat()[0] : undefined);

/** One message (or reply) with everything a member can do to it. Each form works without JavaScript. */
export function MessageItem({ message, viewer, editable, children }: { message: MessageView; viewer: Viewer; editable: boolean; children?: React.ReactNode }) {
  const fetcher = useFetcher<Reply>();
  const id = useId();
  const mine = message.authorId === viewer.id;
  const error = fetcher.state === "idle" ? firstError(fetcher.data?.errors) : undefined;
  const hidden = (name: string, value: string) => <input type="hidden" name={name} value={value} />;
  return (
    <li className="app-comment" id={`message-${message.id}`} data-testid="forum-message">
      <p className="app-comment__byline nhsuk-body-s nhsuk-u-margin-bottom-1">
        <strong>{message.authorName}</strong> <span className="app-comment__time">{formatDateTime(message.createdAt)}</span>
        {message.editedAt ? " (edited)" : ""}
        {message.pinned ? <strong className="nhsuk-tag nhsuk-tag--green app-badge">Announcement</strong> : null}
      </p>
      {message.state === "deleted" ? (
        <p className="app-tombstone">This message was deleted by its author.</p>
      ) : message.state === "hidden" ? (
        <>
          <p className="app-tombstone">Hidden by a moderator: {message.moderationReason}</p>
          {viewer.officer && message.body ? <p className="nhsuk-body-s">{message.body}</p> : null}
        </>
      ) : (
        <p className="nhsuk-u-margin-bottom-1" style={{ whiteSpace: "pre-wrap" }}>
          {message.body}
        </p>
      )}
      {error ? <ErrorMessage id={`${id}-action`} error={[error]} /> : null}
      {message.state === "visible" ? (
        <div className="app-comment__actions">
          <ul className="app-tag-list" aria-label="Reactions">
            {Object.entries(REACTIONS).map(([emoji, label]) => {
              const users = message.reactions.find((r) => r.emoji === emoji)?.userIds ?? [];
              const reacted = users.includes(viewer.id);
              if (!viewer.canPost && users.length === 0) return null;
              return (
                <li key={emoji}>
                  <fetcher.Form method="post" className="app-inline-form">
                    {hidden("intent", reacted ? "unreact" : "react")}
                    {hidden("messageId", message.id)}
                    {hidden("emoji", emoji)}
                    <button className="app-link-button" type="submit" aria-pressed={reacted} disabled={!viewer.canPost}>
                      <span aria-hidden="true">{emoji}</span> {users.length || ""}
                      <span className="nhsuk-u-visually-hidden">
                        {" "}
                        {label}
                        {reacted ? " (you reacted; press to remove)" : ""}
                      </span>
                    </button>
                  </fetcher.Form>
                </li>
              );
            })}
          </ul>
          {editable && mine ? (
            <details className="nhsuk-details nhsuk-u-margin-bottom-1">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">
                  Edit<span className="nhsuk-u-visually-hidden"> your message</span>
                </span>
              </summary>
              <div className="nhsuk-details__text">
                <fetcher.Form method="post">
                  {hidden("intent", "edit")}
                  {hidden("messageId", message.id)}
                  <label className="nhsuk-label" htmlFor={`${id}-edit`}>
                    Change your message
                  </label>
                  <textarea className="nhsuk-textarea" id={`${id}-edit`} name="body" rows={3} defaultValue={message.body} />
                  <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                    Save changes
                  </button>
                </fetcher.Form>
              </div>
            </details>
          ) : null}
          {mine ? (
            <fetcher.Form method="post" className="app-inline-form">
              {hidden("intent", "delete")}
              {hidden("messageId", message.id)}
              <button className="app-link-button" type="submit">
                Delete<span className="nhsuk-u-visually-hidden"> your message</span>
              </button>
            </fetcher.Form>
          ) : viewer.canPost ? (
            <details className="nhsuk-details nhsuk-u-margin-bottom-1">
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">
                  Report<span className="nhsuk-u-visually-hidden"> the message by {message.authorName}</span>
                </span>
              </summary>
              <div className="nhsuk-details__text">
                <fetcher.Form method="post">
                  {hidden("intent", "report")}
                  {hidden("messageId", message.id)}
                  <label className="nhsuk-label" htmlFor={`${id}-report`}>
                    What is wrong with it?
                  </label>
                  <input className="nhsuk-input" id={`${id}-report`} name="reason" />
                  <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                    Report
                  </button>
                </fetcher.Form>
              </div>
            </details>
          ) : null}
          {viewer.officer && !message.parentId ? (
            <fetcher.Form method="post" className="app-inline-form">
              {hidden("intent", message.pinned ? "unpin" : "pin")}
              {hidden("messageId", message.id)}
              <button className="app-link-button" type="submit">
                {message.pinned ? "Unpin" : "Pin as an announcement"}
              </button>
            </fetcher.Form>
          ) : null}
        </div>
      ) : null}
      {viewer.officer && message.state !== "deleted" ? (
        <details className="nhsuk-details nhsuk-u-margin-bottom-1">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">
              {message.state === "hidden" ? "Restore" : "Hide"}
              <span className="nhsuk-u-visually-hidden"> the message by {message.authorName}</span>
            </span>
          </summary>
          <div className="nhsuk-details__text">
            <fetcher.Form method="post">
              {hidden("intent", message.state === "hidden" ? "restore" : "hide")}
              {hidden("messageId", message.id)}
              <label className="nhsuk-label" htmlFor={`${id}-moderate`}>
                Reason (recorded, and shown to members when hiding)
              </label>
              <input className="nhsuk-input" id={`${id}-moderate`} name="reason" />
              <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                {message.state === "hidden" ? "Restore" : "Hide"}
              </button>
            </fetcher.Form>
          </div>
        </details>
      ) : null}
      {children}
    </li>
  );
}

export function ReplyForm({ parent }: { parent: MessageView }) {
  const fetcher = useFetcher<Reply>();
  const id = useId();
  const error = fetcher.state === "idle" ? fetcher.data?.errors?.body : undefined;
  return (
    <details className="nhsuk-details nhsuk-u-margin-bottom-1">
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">
          Reply<span className="nhsuk-u-visually-hidden"> to {parent.authorName}</span>
        </span>
      </summary>
      <div className="nhsuk-details__text">
        <fetcher.Form method="post" key={fetcher.data?.done ?? "reply"}>
          <input type="hidden" name="intent" value="post" />
          <IdempotencyKeyField />
          <input type="hidden" name="parentId" value={parent.id} />
          <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label" htmlFor={`${id}-reply`}>
              Your reply to {parent.authorName}
            </label>
            <ErrorMessage id={`${id}-reply`} error={error} />
            <textarea className="nhsuk-textarea" id={`${id}-reply`} name="body" rows={2} />
          </div>
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            Post reply
          </button>
        </fetcher.Form>
      </div>
    </details>
  );
}

import { useActionData, useFetcher, useFormAction } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { TextInput } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { formatDateTime } from "#app/utils/dates";
import type { FormReply } from "#app/utils/form-reply";
import type { FieldErrors } from "#app/utils/forms";
import { REACTIONS } from "#app/features/forum/rooms.schema";
import type { MessageView } from "#app/features/forum/rooms.server";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";

/** What the room page's action answers each of these forms (its formAction reply). */
type Reply = FormReply<{ crisis: boolean }>;
export type Viewer = { id: string; officer: boolean; canPost: boolean };

/** The forms of a message that take typed words, each answered on its own. */
type WordsForm = "edit" | "report" | "moderate" | "reply";
/** A message's forms: those that take words, and its buttons (reactions, delete, pin), which share one answer. */
export type MessageForm = WordsForm | "buttons";
/** Which form a reply answers: one form of one message (the room page's action names it so). */
export const messageFormName = (form: MessageForm, messageId: string) => `${form}-${messageId}`;
/** The id of a form's text field, which its error summary links to. */
const fieldId = (form: WordsForm, messageId: string) => `${form}-${messageId}-${form === "edit" || form === "reply" ? "body" : "reason"}`;

/**
 * The errors a message's form came back with: from its fetcher, or, when the page posted it
 * without JavaScript, from the page's own reply.
 */
function useMessageFormErrors(form: MessageForm, messageId: string, fetcher: { state: string; data?: Reply }) {
  const pageReply = useActionData<Reply>();
  if (fetcher.data) return fetcher.state === "idle" ? fetcher.data.errors : null;
  return pageReply?.form === messageFormName(form, messageId) ? pageReply.errors : null;
}

/** Errors keyed for the summary: the field's link to the field, any other message unlinked. */
function summaryErrors(form: WordsForm, messageId: string, errors: FieldErrors | null | undefined, field: string): FieldErrors | null {
  if (!errors) return null;
  const { [field]: onField, ...rest } = errors;
  const other = Object.values(rest).flat().filter(Boolean) as string[];
  return { [fieldId(form, messageId)]: onField, form: other.length ? other : undefined };
}

/** A button's refusal has no field to point to: the summary says why, unlinked. */
function buttonSummaryErrors(errors: FieldErrors | null | undefined): FieldErrors | null {
  const reasons = errors ? (Object.values(errors).flat().filter(Boolean) as string[]) : [];
  return reasons.length ? { form: reasons } : null;
}

/** One message (or reply) with everything a member can do to it. Each form works without JavaScript. */
export function MessageItem({ message, viewer, editable, children }: { message: MessageView; viewer: Viewer; editable: boolean; children?: React.ReactNode }) {
  // The buttons (reactions, delete, pin) share a fetcher: the summary gives the last one's refusal.
  const fetcher = useFetcher<Reply>();
  const buttonErrors = useMessageFormErrors("buttons", message.id, fetcher);
  const atMessage = useActionAtMessage(message.id);
  // The forms that take words each have their own fetcher, so an error shows beside its own field.
  const editFetcher = useFetcher<Reply>();
  const reportFetcher = useFetcher<Reply>();
  const moderateFetcher = useFetcher<Reply>();
  const editErrors = useMessageFormErrors("edit", message.id, editFetcher);
  const reportErrors = useMessageFormErrors("report", message.id, reportFetcher);
  const moderateErrors = useMessageFormErrors("moderate", message.id, moderateFetcher);
  const mine = message.authorId === viewer.id;
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
      <ErrorSummary errors={buttonSummaryErrors(buttonErrors)} />
      {message.state === "visible" ? (
        <div className="app-comment__actions">
          <ul className="app-tag-list" aria-label="Reactions">
            {Object.entries(REACTIONS).map(([emoji, label]) => {
              const users = message.reactions.find((r) => r.emoji === emoji)?.userIds ?? [];
              const reacted = users.includes(viewer.id);
              if (!viewer.canPost && users.length === 0) return null;
              return (
                <li key={emoji}>
                  <fetcher.Form method="post" action={atMessage} className="app-inline-form">
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
          {editable && mine && viewer.canPost ? (
            <details className="nhsuk-details nhsuk-u-margin-bottom-1" open={editErrors ? true : undefined}>
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">
                  Edit<span className="nhsuk-u-visually-hidden"> your message</span>
                </span>
              </summary>
              <div className="nhsuk-details__text">
                <editFetcher.Form method="post" action={atMessage} noValidate>
                  <ErrorSummary errors={summaryErrors("edit", message.id, editErrors, "body")} />
                  {hidden("intent", "edit")}
                  {hidden("messageId", message.id)}
                  <Textarea
                    name="body"
                    id={fieldId("edit", message.id)}
                    label="Change your message"
                    rows={3}
                    defaultValue={message.body ?? ""}
                    error={editErrors?.body}
                  />
                  <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                    Save changes
                  </button>
                </editFetcher.Form>
              </div>
            </details>
          ) : null}
          {mine ? (
            <fetcher.Form method="post" action={atMessage} className="app-inline-form">
              {hidden("intent", "delete")}
              {hidden("messageId", message.id)}
              <button className="app-link-button" type="submit">
                Delete<span className="nhsuk-u-visually-hidden"> your message</span>
              </button>
            </fetcher.Form>
          ) : viewer.canPost ? (
            <details className="nhsuk-details nhsuk-u-margin-bottom-1" open={reportErrors ? true : undefined}>
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">
                  Report<span className="nhsuk-u-visually-hidden"> the message by {message.authorName}</span>
                </span>
              </summary>
              <div className="nhsuk-details__text">
                <reportFetcher.Form method="post" action={atMessage} noValidate>
                  <ErrorSummary errors={summaryErrors("report", message.id, reportErrors, "reason")} />
                  {hidden("intent", "report")}
                  {hidden("messageId", message.id)}
                  <TextInput name="reason" id={fieldId("report", message.id)} label="What is wrong with it?" error={reportErrors?.reason} />
                  <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                    Report
                  </button>
                </reportFetcher.Form>
              </div>
            </details>
          ) : null}
          {viewer.officer && !message.parentId ? (
            <fetcher.Form method="post" action={atMessage} className="app-inline-form">
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
        <details className="nhsuk-details nhsuk-u-margin-bottom-1" open={moderateErrors ? true : undefined}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">
              {message.state === "hidden" ? "Restore" : "Hide"}
              <span className="nhsuk-u-visually-hidden"> the message by {message.authorName}</span>
            </span>
          </summary>
          <div className="nhsuk-details__text">
            <moderateFetcher.Form method="post" action={atMessage} noValidate>
              <ErrorSummary errors={summaryErrors("moderate", message.id, moderateErrors, "reason")} />
              {hidden("intent", message.state === "hidden" ? "restore" : "hide")}
              {hidden("messageId", message.id)}
              <TextInput
                name="reason"
                id={fieldId("moderate", message.id)}
                label="Reason (recorded, and shown to members when hiding)"
                error={moderateErrors?.reason}
              />
              <button className="nhsuk-button nhsuk-button--secondary" type="submit">
                {message.state === "hidden" ? "Restore" : "Hide"}
              </button>
            </moderateFetcher.Form>
          </div>
        </details>
      ) : null}
      {children}
    </li>
  );
}

/** Posted without JavaScript, the page that comes back opens at the message, where the answer shows. */
function useActionAtMessage(messageId: string) {
  return `${useFormAction()}#message-${messageId}`;
}

export function ReplyForm({ parent }: { parent: MessageView }) {
  const fetcher = useFetcher<Reply>();
  const atMessage = useActionAtMessage(parent.id);
  const errors = useMessageFormErrors("reply", parent.id, fetcher);
  return (
    <details className="nhsuk-details nhsuk-u-margin-bottom-1" open={errors ? true : undefined}>
      <summary className="nhsuk-details__summary">
        <span className="nhsuk-details__summary-text">
          Reply<span className="nhsuk-u-visually-hidden"> to {parent.authorName}</span>
        </span>
      </summary>
      <div className="nhsuk-details__text">
        <fetcher.Form method="post" action={atMessage} noValidate key={fetcher.data?.done ?? "reply"}>
          <ErrorSummary errors={summaryErrors("reply", parent.id, errors, "body")} />
          <input type="hidden" name="intent" value="post" />
          <IdempotencyKeyField />
          <input type="hidden" name="parentId" value={parent.id} />
          <Textarea name="body" id={fieldId("reply", parent.id)} label={`Your reply to ${parent.authorName}`} rows={2} error={errors?.body} />
          <button className="nhsuk-button nhsuk-button--secondary" type="submit">
            Post reply
          </button>
        </fetcher.Form>
      </div>
    </details>
  );
}

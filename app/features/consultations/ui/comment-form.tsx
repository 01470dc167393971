import { Form, useNavigation } from "@remix-run/react";
import { useEffect, useRef, useState, type Ref } from "react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";
import { Textarea } from "#app/components/ui/textarea";
import type { FieldErrors } from "#app/utils/forms";
import { COMMENT_MAX, STANCE_LABELS } from "#app/features/consultations/consultations.schema";

export type CommentTarget =
  | { kind: "whole" }
  | { kind: "section"; sectionId: string; label: string }
  | { kind: "paragraph"; sectionId: string; paragraphIndex: number; label: string; quote: string };

/**
 * After this form's post succeeds (the page moves on with no errors for it), a new round: the
 * fields start empty, the idempotency key is a new one and the confirmation is said. A post
 * that failed keeps what was typed.
 */
function useRoundsOfPosting(errors: FieldErrors | null | undefined) {
  const navigation = useNavigation();
  const sent = useRef(false);
  const [round, setRound] = useState(0);
  const failed = !!errors && Object.values(errors).some((messages) => messages && messages.length > 0);
  useEffect(() => {
    if (navigation.state !== "idle" || !sent.current) return;
    sent.current = false;
    if (!failed) setRound((n) => n + 1);
  }, [navigation.state, failed]);
  return {
    round,
    onSubmit: () => {
      sent.current = true;
    },
  };
}

/** The form for a new comment or a reply; it keeps what was typed when the page updates. */
export function CommentForm({
  formId,
  target,
  parentId,
  organisation,
  errors,
  values,
  textareaRef,
  label,
  submitLabel,
  onChangeTarget,
  postedMessage = parentId ? "Your reply has been posted." : "Your comment has been posted.",
  posted = false,
}: {
  formId: string;
  target?: CommentTarget;
  parentId?: string;
  organisation: string | null;
  errors?: FieldErrors | null;
  values?: Record<string, string>;
  textareaRef?: Ref<HTMLTextAreaElement>;
  label: string;
  submitLabel: string;
  onChangeTarget?: () => void;
  /** What the status line says after a successful post. */
  postedMessage?: string;
  /** The page was drawn just after this form's post succeeded (how it is told without JavaScript). */
  posted?: boolean;
}) {
  const { round, onSubmit } = useRoundsOfPosting(errors);
  // Only as the page was drawn: later posts are told by their own rounds.
  const [postedOnArrival] = useState(posted);
  const bodyId = `${formId}-body`;
  // Error summary links must point at this form's fields.
  const prefixed = errors
    ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? "form" : k === "body" ? bodyId : `${formId}-${k}`, v]))
    : null;
  return (
    <Form method="post" id={formId} preventScrollReset onSubmit={onSubmit}>
      <ErrorSummary errors={prefixed} fieldOrder={[bodyId]} />
      {/* On the page from the start, so that its message is announced when it appears. */}
      <div role="status" className="app-status" data-testid={`${formId}-status`}>
        {round > 0 || postedOnArrival ? (
          // A new paragraph each round, so a second post is announced too.
          <p className="nhsuk-inset-text nhsuk-u-margin-top-0" key={round}>
            {postedMessage}
          </p>
        ) : null}
      </div>
      <input type="hidden" name="intent" value="comment" />
      <IdempotencyKeyField renewOn={round} />
      {parentId ? <input type="hidden" name="parentId" value={parentId} /> : null}
      {target && target.kind !== "whole" ? <input type="hidden" name="sectionId" value={target.sectionId} /> : null}
      {target?.kind === "paragraph" ? <input type="hidden" name="paragraphIndex" value={target.paragraphIndex} /> : null}
      {target ? (
        <div className="nhsuk-inset-text app-comment-target">
          <span className="nhsuk-u-visually-hidden">You are commenting on: </span>
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
            <strong>{target.kind === "whole" ? "Commenting on the whole proposal" : `Commenting on ${target.label}`}</strong>
          </p>
          {target.kind === "paragraph" ? <blockquote className="app-quote">{target.quote}</blockquote> : null}
          {onChangeTarget && target.kind !== "whole" ? (
            <button type="button" className="app-link-button nhsuk-body-s" onClick={onChangeTarget}>
              Comment on the whole proposal instead
            </button>
          ) : null}
        </div>
      ) : null}
      <Textarea
        key={`body-${round}`}
        name="body"
        id={bodyId}
        label={label}
        hint="You can use *italic*, **bold**, lists and links. Please do not name staff or other people."
        maxLength={COMMENT_MAX}
        defaultValue={values?.body}
        error={errors?.body}
        textareaRef={textareaRef}
      />
      <div className="nhsuk-form-group" key={`stance-${round}`}>
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Your view (optional)</legend>
          <div className="nhsuk-radios nhsuk-radios--inline">
            {Object.entries(STANCE_LABELS).map(([value, text]) => (
              <div className="nhsuk-radios__item" key={value}>
                <input
                  className="nhsuk-radios__input"
                  id={`${formId}-stance-${value}`}
                  name="stance"
                  type="radio"
                  value={value}
                  defaultChecked={values?.stance === value}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={`${formId}-stance-${value}`}>
                  {text}
                </label>
              </div>
            ))}
          </div>
        </fieldset>
      </div>
      {organisation ? (
        <div className="nhsuk-form-group" key={`on-behalf-${round}`}>
          <div className="nhsuk-checkboxes">
            <div className="nhsuk-checkboxes__item">
              <input className="nhsuk-checkboxes__input" id={`${formId}-onBehalf`} name="onBehalf" type="checkbox" value="on" />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`${formId}-onBehalf`}>
                I am responding on behalf of {organisation}
              </label>
            </div>
          </div>
        </div>
      ) : null}
      <Button>{submitLabel}</Button>
    </Form>
  );
}

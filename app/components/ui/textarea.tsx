import { useState } from "react";
import { FieldGroup } from "./fields";

/** NHS.UK textarea with a character count that is announced politely as it changes. */
export function Textarea({
  name,
  id = name,
  label,
  hint,
  error,
  defaultValue,
  maxLength,
  rows = 5,
  labelClassName = "nhsuk-label",
  textareaRef,
}: {
  name: string;
  id?: string;
  label: string;
  hint?: string;
  error?: string[];
  defaultValue?: string;
  maxLength?: number;
  rows?: number;
  labelClassName?: string;
  textareaRef?: React.Ref<HTMLTextAreaElement>;
}) {
  const [length, setLength] = useState(defaultValue?.length ?? 0);
  const hasError = !!error?.length;
  const over = maxLength !== undefined && length > maxLength;
  const describedBy = [hint ? `${id}-hint` : null, hasError ? `${id}-error` : null, maxLength ? `${id}-count` : null].filter(Boolean).join(" ");
  return (
    <FieldGroup id={id} label={label} labelClassName={labelClassName} hint={hint} error={error}>
      <textarea
        className={`nhsuk-textarea${hasError || over ? " nhsuk-textarea--error" : ""}`}
        id={id}
        name={name}
        rows={rows}
        defaultValue={defaultValue}
        aria-describedby={describedBy || undefined}
        onChange={(event) => setLength(event.currentTarget.value.length)}
        ref={textareaRef}
      />
      {maxLength ? (
        <div className={`nhsuk-hint${over ? " nhsuk-error-message" : ""}`} id={`${id}-count`} aria-live="polite">
          {over
            ? `You have ${(length - maxLength).toLocaleString("en-GB")} characters too many`
            : `You have ${(maxLength - length).toLocaleString("en-GB")} characters remaining`}
        </div>
      ) : null}
    </FieldGroup>
  );
}

import { useFetcher } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ErrorMessage } from "#app/components/ui/fields";
import { formatTime } from "#app/utils/dates";
import type { FormReply } from "#app/utils/form-reply";

/** What the page's action answers a save (built by formAction): the revision saved, and when. */
type SaveReply = FormReply<{ revision: number; savedAt: string }>;

/**
 * A draft that saves itself a moment after typing stops (and with its button, without
 * JavaScript). Each save names the revision it was based on; if another commissioner saved
 * in between, the server refuses and the writer is told, so no one's words are lost.
 * While the writer has no unsaved changes, another commissioner's saved text is shown.
 */
export function AutosaveTextarea({
  id,
  name,
  label,
  hint,
  hidden,
  value: savedValue,
  revision: savedRevision,
  error,
}: {
  id: string;
  name: string;
  label: string;
  hint?: string;
  hidden: Record<string, string>;
  value: string;
  revision: number;
  error?: string[];
}) {
  const fetcher = useFetcher<SaveReply>();
  const [text, setText] = useState(savedValue);
  const [dirty, setDirty] = useState(false);
  const revision = useRef(savedRevision);
  const timer = useRef<ReturnType<typeof setTimeout>>();
  const form = useRef<HTMLFormElement>(null);

  // Someone else's save arrives through the loader: take it unless we are mid-edit.
  useEffect(() => {
    if (!dirty && savedRevision > revision.current) {
      revision.current = savedRevision;
      setText(savedValue);
    }
  }, [savedValue, savedRevision, dirty]);

  useEffect(() => {
    if (fetcher.state === "idle" && fetcher.data?.status === "success" && fetcher.data.result) {
      revision.current = fetcher.data.result.revision;
      setDirty(false);
    }
  }, [fetcher.state, fetcher.data]);

  useEffect(() => () => clearTimeout(timer.current), []);

  const save = () => {
    clearTimeout(timer.current);
    if (form.current) fetcher.submit(form.current);
  };
  const failure = fetcher.data?.errors ? Object.values(fetcher.data.errors).flat()[0] : undefined;
  const errors = failure ? [failure] : error;
  const status =
    fetcher.state !== "idle"
      ? "Saving…"
      : failure
        ? "Not saved"
        : fetcher.data?.result?.savedAt
          ? `Draft saved at ${formatTime(fetcher.data.result.savedAt)}`
          : dirty
            ? "Not saved yet"
            : "";

  return (
    <fetcher.Form method="post" ref={form} onSubmit={() => clearTimeout(timer.current)}>
      {Object.entries(hidden).map(([key, value]) => (
        <input key={key} type="hidden" name={key} value={value} />
      ))}
      <input type="hidden" name="revision" value={String(revision.current)} />
      <div className={`nhsuk-form-group${errors?.length ? " nhsuk-form-group--error" : ""}`}>
        <label className="nhsuk-label nhsuk-label--s" htmlFor={id}>
          {label}
        </label>
        {hint ? (
          <div className="nhsuk-hint" id={`${id}-hint`}>
            {hint}
          </div>
        ) : null}
        <ErrorMessage id={id} error={errors} />
        <textarea
          className={`nhsuk-textarea${errors?.length ? " nhsuk-textarea--error" : ""}`}
          id={id}
          name={name}
          rows={5}
          value={text}
          aria-describedby={[hint ? `${id}-hint` : null, errors?.length ? `${id}-error` : null, `${id}-status`].filter(Boolean).join(" ")}
          onChange={(event) => {
            setText(event.currentTarget.value);
            setDirty(true);
            clearTimeout(timer.current);
            timer.current = setTimeout(save, 1500);
          }}
        />
        <div className="nhsuk-hint nhsuk-u-margin-bottom-2" id={`${id}-status`} role="status" aria-live="polite" data-testid={`${id}-status`}>
          {status}
        </div>
      </div>
      <button className="nhsuk-button nhsuk-button--secondary" type="submit">
        Save draft
      </button>{" "}
      {failure && savedRevision > revision.current ? (
        <button
          className="app-link-button"
          type="button"
          onClick={() => {
            revision.current = savedRevision;
            setText(savedValue);
            setDirty(false);
          }}
        >
          Replace my text with the latest saved version
        </button>
      ) : null}
    </fetcher.Form>
  );
}

import { useEffect, useRef } from "react";
import type { FieldErrors } from "#app/utils/forms";

/** NHS.UK error summary: focused on arrival so screen readers announce it. */
export function ErrorSummary({ errors, fieldOrder }: { errors: FieldErrors | null | undefined; fieldOrder?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const entries = errors ? orderedEntries(errors, fieldOrder) : [];
  const signature = JSON.stringify(entries);
  useEffect(() => {
    if (entries.length > 0) ref.current?.focus();
    // Refocus only when the set of errors changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature]);
  if (entries.length === 0) return null;
  return (
    <div className="nhsuk-error-summary" aria-labelledby="error-summary-title" tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id="error-summary-title">
          There is a problem
        </h2>
        <div className="nhsuk-error-summary__body">
          <ul className="nhsuk-list nhsuk-error-summary__list">
            {entries.map(([field, messages]) => (
              <li key={field}>{field === "form" ? messages[0] : <a href={`#${field}`}>{messages[0]}</a>}</li>
            ))}
          </ul>
        </div>
      </div>
    </div>
  );
}

function orderedEntries(errors: FieldErrors, order: string[] = []): [string, string[]][] {
  const entries = Object.entries(errors).filter(([, messages]) => messages && messages.length > 0) as [string, string[]][];
  const rank = (field: string) => (field === "form" ? -1 : order.indexOf(field) === -1 ? 999 : order.indexOf(field));
  return entries.sort((a, b) => rank(a[0]) - rank(b[0]));
}

import { useEffect, useId, useRef } from "react";
import { ERROR_TITLE_PREFIX as TITLE_PREFIX } from "#app/utils/error-title";
import type { FieldErrors } from "#app/utils/forms";

/** The summaries on the page now showing errors; while there is one, the page title says so. */
const showingErrors = new Set<string>();
/** The title as this module prefixed it, so it is put back only if nothing has changed it since. */
let prefixedTitle: string | null = null;

function prefixTitle() {
  if (showingErrors.size === 0 || document.title === prefixedTitle) return;
  document.title = `${TITLE_PREFIX}${document.title}`;
  // Read back: the browser tidies the title's spaces.
  prefixedTitle = document.title;
}

/** Sets the page's title from the page itself (a step of a form), keeping "Error: " while errors show. */
export function setPageTitle(title: string) {
  document.title = title;
  prefixTitle();
}

function restoreTitle() {
  if (showingErrors.size > 0) return;
  // A navigation has already set the next page's title: leave it alone.
  if (prefixedTitle !== null && document.title === prefixedTitle) document.title = prefixedTitle.slice(TITLE_PREFIX.length);
  prefixedTitle = null;
}

/**
 * NHS.UK error summary: focused on arrival so screen readers announce it, and while it shows
 * errors the page title starts with "Error: " (the server writes it into a page answering a
 * post, for readers without JavaScript: error-title.ts).
 */
export function ErrorSummary({ errors, fieldOrder }: { errors: FieldErrors | null | undefined; fieldOrder?: string[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
  const entries = errors ? orderedEntries(errors, fieldOrder) : [];
  const signature = JSON.stringify(entries);
  const showing = entries.length > 0;
  useEffect(() => {
    if (showing) ref.current?.focus();
    // Refocus only when the set of errors changes.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [signature]);
  useEffect(() => {
    if (!showing) return;
    showingErrors.add(id);
    prefixTitle();
    return () => {
      showingErrors.delete(id);
      restoreTitle();
    };
  }, [showing, id]);
  // A new title for the same page (its data changed) comes without the prefix: add it again.
  useEffect(() => {
    if (showing) prefixTitle();
  });
  if (!showing) return null;
  const titleId = `${id}-error-summary-title`;
  return (
    <div className="nhsuk-error-summary" aria-labelledby={titleId} tabIndex={-1} ref={ref}>
      <div role="alert">
        <h2 className="nhsuk-error-summary__title" id={titleId}>
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

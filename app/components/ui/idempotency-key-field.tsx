import { useLocation } from "@remix-run/react";
import { useEffect, useState } from "react";
import { IDEMPOTENCY_FIELD, newIdempotencyKey } from "~/utils/idempotency";

/**
 * The hidden idempotency key of a form that creates something. Each drawing of the form gets a
 * new key, so a double click, a resubmitted page or a retry after a dropped connection is one
 * post, while the next post (after the page moves on, or `renewOn` changes, e.g. a count of
 * messages sent over the socket) is a new one.
 * The server's key stays in the page on hydration (the browser's first draw is not sent).
 */
export function IdempotencyKeyField({ renewOn }: { renewOn?: unknown }) {
  const [key, setKey] = useState(newIdempotencyKey);
  const [first, setFirst] = useState(true);
  const { key: locationKey } = useLocation();
  useEffect(() => {
    if (first) return setFirst(false);
    setKey(newIdempotencyKey());
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [renewOn, locationKey]);
  return <input type="hidden" name={IDEMPOTENCY_FIELD} value={key} suppressHydrationWarning readOnly />;
}

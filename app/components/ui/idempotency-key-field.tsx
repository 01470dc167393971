import { useLocation } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { IDEMPOTENCY_FIELD, newIdempotencyKey } from "#app/utils/idempotency";

/**
 * The hidden idempotency key of a form that creates something. Each drawing of the form gets a
 * new key, so a double click, a resubmitted page or a retry after a dropped connection is one
 * post, while the next post (after the page moves on, or `renewOn` changes, e.g. a count of
 * messages sent over the socket) is a new one. Without JavaScript the server's key is sent; the
 * server's and the browser's first keys differ, hence suppressHydrationWarning: either is fresh.
 */
export function IdempotencyKeyField({ renewOn }: { renewOn?: unknown }) {
  const [key, setKey] = useState(newIdempotencyKey);
  const { key: locationKey } = useLocation();
  const mounted = useRef(false);
  useEffect(() => {
    if (mounted.current) setKey(newIdempotencyKey());
    mounted.current = true;
  }, [renewOn, locationKey]);
  return <input type="hidden" name={IDEMPOTENCY_FIELD} value={key} suppressHydrationWarning readOnly />;
}

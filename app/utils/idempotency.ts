import { z } from "zod";

/** The hidden field every form that creates something carries (see IdempotencyKeyField). */
export const IDEMPOTENCY_FIELD = "idempotencyKey";

/**
 * A form's idempotency key: a UUID made when the form was drawn. Optional, so that a post
 * without one (a script, a page cached from before keys) still works, as a new post each time.
 */
export const IdempotencyKey = z.string().uuid("This form could not be read: reload the page and send it again").optional();

/** A random UUID, also on pages served over plain HTTP, where crypto.randomUUID is missing. */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === "function") return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

import { json } from "@remix-run/node";
import type { RateLimitState } from "~/utils/load-context";

/** The answer to a rate-limited form post: the form's own error summary explains it. */
export function tooManyAttempts(state: RateLimitState) {
  const minutes = Math.max(1, state.retryAfterMinutes);
  const message = `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
  return json(
    { errors: { form: [message] } as Record<string, string[]>, values: {} as Record<string, string> },
    { status: 429, headers: { "Retry-After": String(minutes * 60) } },
  );
}

import type { ActionFunctionArgs } from "@remix-run/node";
import { fail, type Failure } from "#app/utils/results";

/**
 * The refusal of a rate-limited form post (formAction's `refuse`): the server marks the request
 * as limited and the form's own error summary explains it, with Retry-After for programs.
 */
export function refuseWhenRateLimited(
  { context }: Pick<ActionFunctionArgs, "context">,
  explain = (wait: string) => `Too many attempts. Try again in ${wait}.`,
): (Failure & { headers: Record<string, string> }) | null {
  const state = context.rateLimit;
  if (!state?.limited) return null;
  const minutes = Math.max(1, state.retryAfterMinutes);
  const message = explain(`${minutes} minute${minutes === 1 ? "" : "s"}`);
  return { ...fail(429, "form", message), headers: { "Retry-After": String(minutes * 60) } };
}

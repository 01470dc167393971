// Any base would do: only whether the target stays on it matters. A fixed one keeps the
// check independent of how the app is reached (APP_URL, localhost, a proxy).
const OWN_ORIGIN = "https://touchstone.invalid";

/**
 * The path to send someone to after a form, when the path came from the request (a
 * `redirectTo` field): parsed the way a browser will parse the Location header, and kept
 * only if it stays on this site. String checks miss what URL parsing removes
 * (`/\t/evil.example` becomes `//evil.example`), so the decision uses `new URL`.
 */
export function safeRedirect(to: string | undefined | null, fallback = "/"): string {
  if (!to || !to.startsWith("/")) return fallback;
  let target: URL;
  try {
    target = new URL(to, OWN_ORIGIN);
  } catch {
    return fallback;
  }
  if (target.origin !== OWN_ORIGIN) return fallback;
  return `${target.pathname}${target.search}${target.hash}`;
}

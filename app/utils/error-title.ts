/**
 * While a form's errors show, the page title starts with "Error: " (NHS.UK error summary
 * pattern). With JavaScript the error summary keeps it there (error-summary.tsx). A page sent
 * in answer to a form post has it from the server too (error-title.server.ts), for readers
 * without JavaScript; the browser's script takes it off before hydrating, so React finds the
 * title it renders, and the summary then puts it back.
 */
export const ERROR_TITLE_PREFIX = "Error: ";

/** Whether the answers to a post (Remix's action data, by route) hold a form's errors, as the error summary shows them. */
export function showsFormErrors(actionData: Record<string, unknown> | null | undefined): boolean {
  return Object.values(actionData ?? {}).some((reply) => {
    const { status, errors } = (reply ?? {}) as { status?: unknown; errors?: unknown };
    return (
      status === "error" &&
      typeof errors === "object" &&
      errors !== null &&
      Object.values(errors).some((messages) => Array.isArray(messages) && messages.length > 0)
    );
  });
}

/** In the browser before hydration: the server's prefix off again (see above). */
export function unprefixServerTitle(actionData: Record<string, unknown> | null | undefined) {
  if (showsFormErrors(actionData) && document.title.startsWith(ERROR_TITLE_PREFIX)) {
    document.title = document.title.slice(ERROR_TITLE_PREFIX.length);
  }
}

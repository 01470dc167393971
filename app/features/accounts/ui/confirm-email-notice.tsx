import { useFetcher } from "@remix-run/react";
import { Button } from "#app/components/ui/fields";
import { useRootData } from "#app/root";
import type { FormReply } from "#app/utils/form-reply";

export const RESEND_VERIFICATION_ACTION = "/auth/resend-verification";

/** What /auth/resend-verification answers (its formAction reply). */
type ResendReply = FormReply<{ sent: boolean }>;

/**
 * Shown in place of a form that needs a confirmed email address (commenting, reporting,
 * registering, asking, nominating, voting, applying to the Forum): says why, and sends the
 * link again. The server refuses these actions on its own; this only explains it.
 */
export function ConfirmEmailNotice({ doing }: { doing: string }) {
  const fetcher = useFetcher<ResendReply>();
  const sent = fetcher.data?.result?.sent;
  const error = fetcher.data?.errors?.form?.[0];
  return (
    <div className="nhsuk-warning-callout" data-testid="confirm-email-notice">
      <h2 className="nhsuk-warning-callout__label">
        <span role="text">
          <span className="nhsuk-u-visually-hidden">Important: </span>Confirm your email address first
        </span>
      </h2>
      <p>
        Before you can {doing}, open the link we emailed you when you signed up. We ask so that no one can take part using someone else&apos;s email address.
      </p>
      <div role="status">
        {sent ? <p>We have sent a new link. It works for 48 hours.</p> : null}
        {error ? <p className="nhsuk-error-message">{error}</p> : null}
      </div>
      {sent ? null : (
        <fetcher.Form method="post" action={RESEND_VERIFICATION_ACTION}>
          <Button secondary disabled={fetcher.state !== "idle"}>
            Send the link again
          </Button>
        </fetcher.Form>
      )}
    </div>
  );
}

/** Signed in, but the address is not confirmed yet: show ConfirmEmailNotice instead of the form. */
export function useNeedsEmailConfirmation(): boolean {
  const user = useRootData()?.user;
  return !!user && !user.emailVerified;
}

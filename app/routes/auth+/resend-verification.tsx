import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link } from "@remix-run/react";
import { z } from "zod";
import { resendVerification } from "#app/features/accounts/accounts.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";

// The one place that sends a confirmation link again, for every page's "Send the link again"
// button (ConfirmEmailNotice). Without JavaScript the form lands here and this page answers.
// (Its loader also runs after the action, so it must not redirect.)
export function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  return json({});
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requireUser(context, request) }),
  (intent) => ({
    resend: intent({
      schema: z.object({}),
      run: (_input, { actor }) => resendVerification(actor),
      success: (made) => ({ result: { sent: made.sent } }),
    }),
  }),
);

export default function ResendVerification() {
  const reply = useFormReply<typeof action>("resend");
  const sent = reply?.result?.sent;
  const error = reply?.errors?.form?.[0];
  return (
    <>
      <h1>{sent ? "We have sent a new link" : error ? "No new link sent" : "Confirm your email address"}</h1>
      <p>
        {error ??
          (sent
            ? "Open the link in the email to confirm your address. It works for 48 hours."
            : reply
              ? "Your email address is already confirmed. There is nothing more to do."
              : "You can ask for a new confirmation link from your account page.")}
      </p>
      <p>
        <Link to="/account">Go to your account</Link>
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Confirm your email address - Touchstone" }];

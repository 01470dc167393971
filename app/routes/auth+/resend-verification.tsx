import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { resendVerification } from "~/features/accounts/accounts.server";
import { requireUser } from "~/utils/permissions.server";

// The one place that sends a confirmation link again, for every page's "Send the link again"
// button (ConfirmEmailNotice). Without JavaScript the form lands here and this page answers.
// (Its loader also runs after the action, so it must not redirect.)
export function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  return json({});
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const result = await resendVerification(user.id);
  if (!result.ok) return json({ sent: false, error: result.errors.form?.[0] ?? null }, { status: result.status });
  return json({ sent: result.sent, error: null });
}

export default function ResendVerification() {
  const reply = useActionData<typeof action>();
  return (
    <>
      <h1>{reply?.sent ? "We have sent a new link" : reply?.error ? "No new link sent" : "Confirm your email address"}</h1>
      <p>{reply?.error ?? (reply?.sent ? "Open the link in the email to confirm your address. It works for 48 hours." : reply ? "Your email address is already confirmed. There is nothing more to do." : "You can ask for a new confirmation link from your account page.")}</p>
      <p><Link to="/account">Go to your account</Link></p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Confirm your email address - Touchstone" }];

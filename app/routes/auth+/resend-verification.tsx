import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData } from "@remix-run/react";
import { resendVerification } from "~/features/accounts/accounts.server";
import { requireUser } from "~/utils/permissions.server";

// The one place that sends a confirmation link again, for every page's "Send the link again"
// button (ConfirmEmailNotice). Without JavaScript the form lands here and this page answers.
export function loader() {
  return redirect("/account");
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
      <h1>{reply?.sent ? "We have sent a new link" : reply?.error ? "No new link sent" : "Your email address is confirmed"}</h1>
      <p>{reply?.error ?? (reply?.sent ? "Open the link in the email to confirm your address. It works for 48 hours." : "There is nothing more to do.")}</p>
      <p><Link to="/account">Go to your account</Link></p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Confirm your email address - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { CancelOwnSchema } from "#app/features/meetings/meetings.schema";
import { cancelOwn, myRegistrations } from "#app/features/meetings/registrations.server";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return json({ registrations: await myRegistrations(requireUser(context, request)) });
}

// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requireUser(context, request) }),
  (intent) => ({
    cancel: intent({
      schema: CancelOwnSchema,
      run: (input, { actor }) => cancelOwn(actor, input.registrationId),
      success: () => redirect("/account/registrations"),
    }),
  }),
);

export default function MyRegistrations() {
  const { registrations } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("cancel");
  return (
    <>
      <ErrorSummary errors={reply?.errors} />
      <h1>Your registrations</h1>
      {registrations.length === 0 ? (
        <p>
          You have not registered for any meetings. <Link to="/meetings">See meetings</Link>
        </p>
      ) : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {registrations.map((r) => (
          <li key={r.id}>
            <Link to={`/meetings/${r.meeting.slug}`}>{r.meeting.title}</Link>, {formatDateTime(r.meeting.startsAt)}
            <br />
            {r.status === "CONFIRMED"
              ? `Place confirmed${r.places > 1 ? " for you and a supporter" : ""}. Code ${r.code}.`
              : r.status === "WAITING"
                ? `Number ${r.position} on the waiting list.`
                : "Cancelled."}
            {r.status !== "CANCELLED" ? (
              <Form method="post">
                <input type="hidden" name="registrationId" value={r.id} />
                <Button secondary>
                  Cancel<span className="nhsuk-u-visually-hidden"> your registration for {r.meeting.title}</span>
                </Button>
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your registrations - Touchstone" }];

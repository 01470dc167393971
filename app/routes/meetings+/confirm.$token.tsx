import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button } from "#app/components/ui/fields";
import { confirmGuestRegistration, findByConfirmToken } from "#app/features/meetings/registrations.server";
import { TokenFormSchema } from "#app/features/meetings/meetings.schema";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";

// A guest confirms their address from the emailed link, without signing in. Opening the page
// changes nothing (mail scanners open links); the button does.
export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await findByConfirmToken(params.token ?? "");
  if (!registration) throw new Response("This confirmation link is not valid", { status: 404 });
  return json({
    title: registration.meeting.title,
    slug: registration.meeting.slug,
    startsAt: registration.meeting.startsAt,
    confirmed: !!registration.emailConfirmedAt,
    cancelled: registration.status === "CANCELLED",
  });
}

// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ params }) => ({ token: params.token ?? "" }),
  (intent) => ({
    confirm: intent({
      schema: TokenFormSchema,
      run: (_input, { token }) => confirmGuestRegistration(token),
      success: (confirmed) => ({ result: { waiting: confirmed.status === "WAITING" } }),
    }),
  }),
);

export default function ConfirmRegistration() {
  const { title, slug, startsAt, confirmed, cancelled } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("confirm");
  const error = reply?.errors ? Object.values(reply.errors).flat()[0] : undefined;
  if (reply?.status === "success" || confirmed) {
    return (
      <div className="nhsuk-panel nhsuk-panel--confirmation">
        <h1 className="nhsuk-panel__title">Your email address is confirmed</h1>
        <div className="nhsuk-panel__body">
          {reply?.result?.waiting ? "You keep your place on the waiting list" : "Your place is kept"} for {title}.
        </div>
      </div>
    );
  }
  if (cancelled || error) {
    return (
      <>
        <h1>This registration can no longer be confirmed</h1>
        <p>{error ?? "This registration was cancelled, or its place was released because it was not confirmed in time."}</p>
        <p>
          <Link to={`/meetings/${slug}`}>See the meeting</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Confirm your place</h1>
      <p>
        {title}, {formatDateTime(startsAt)}.
      </p>
      <p>Confirm that this is your email address so that we keep your place.</p>
      <Form method="post">
        <Button>Confirm my place</Button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Confirm your place - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { Button } from "#app/components/ui/fields";
import { cancelByToken, findByCancelToken } from "#app/features/meetings/registrations.server";
import { TokenFormSchema } from "#app/features/meetings/meetings.schema";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";

// Cancelling from the emailed link works without signing in; the link is single-use.
export async function loader({ params }: LoaderFunctionArgs) {
  const registration = await findByCancelToken(params.token ?? "");
  if (!registration) throw new Response("This cancellation link is not valid", { status: 404 });
  return json({ title: registration.meeting.title, startsAt: registration.meeting.startsAt, cancelled: registration.status === "CANCELLED" });
}

// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ params }) => ({ token: params.token ?? "" }),
  (intent) => ({
    cancel: intent({ schema: TokenFormSchema, run: (_input, { token }) => cancelByToken(token) }),
  }),
);

export default function CancelRegistration() {
  const { title, startsAt, cancelled } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("cancel");
  if (reply?.status === "success") {
    return (
      <div className="nhsuk-panel nhsuk-panel--confirmation">
        <h1 className="nhsuk-panel__title">Your registration is cancelled</h1>
        <div className="nhsuk-panel__body">Thank you for letting us know.</div>
      </div>
    );
  }
  if (cancelled || reply?.errors)
    return (
      <>
        <h1>This registration has already been cancelled</h1>
        <p>There is nothing more to do.</p>
      </>
    );
  return (
    <>
      <h1>Cancel your place</h1>
      <p>
        {title}, {formatDateTime(startsAt)}.
      </p>
      <Form method="post">
        <Button>Cancel my registration</Button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Cancel your place - Touchstone" }];

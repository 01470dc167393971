import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "#app/components/ui/fields";
import { unsubscribeByToken, userByUnsubscribeToken } from "#app/features/notifications/notifications.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";

// From the link in any notification email: works without signing in.
export async function loader({ params }: LoaderFunctionArgs) {
  const user = await userByUnsubscribeToken(params.token ?? "");
  if (!user) throw new Response("This link is not valid", { status: 404 });
  return json({ name: user.displayName });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ params }) => ({ token: params.token ?? "" }),
  (intent) => ({
    unsubscribe: intent({
      schema: z.object({}),
      run: (_input, { token }) => unsubscribeByToken(token),
    }),
  }),
);

export default function Unsubscribe() {
  const { name } = useLoaderData<typeof loader>();
  const done = useFormReply<typeof action>("unsubscribe")?.status === "success";
  if (done) {
    return (
      <>
        <div className="nhsuk-panel nhsuk-panel--confirmation">
          <h1 className="nhsuk-panel__title">You will get no more emails from Touchstone</h1>
        </div>
        <p>
          You can still see notifications when you sign in, and you can turn emails back on from <Link to="/account">your account</Link>.
        </p>
      </>
    );
  }
  return (
    <>
      <h1>Stop emails from Touchstone</h1>
      <p>
        Hello {name}. Stop all notification emails? You can choose daily or weekly summaries instead on <Link to="/account">your account page</Link>.
      </p>
      <Form method="post">
        <Button>Stop all emails</Button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Stop emails - Touchstone" }];

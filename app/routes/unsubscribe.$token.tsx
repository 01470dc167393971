import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { Button } from "~/components/ui/fields";
import { NOTIFICATION_KINDS } from "~/features/notifications/notifications.schema";
import { setPreferences, userByUnsubscribeToken } from "~/features/notifications/notifications.server";

// From the link in any notification email: works without signing in.
export async function loader({ params }: LoaderFunctionArgs) {
  const user = await userByUnsubscribeToken(params.token ?? "");
  if (!user) throw new Response("This link is not valid", { status: 404 });
  return json({ name: user.displayName });
}

export async function action({ params }: ActionFunctionArgs) {
  const user = await userByUnsubscribeToken(params.token ?? "");
  if (!user) throw new Response("This link is not valid", { status: 404 });
  await setPreferences(user.id, Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k.kind, "OFF"])));
  return json({ done: true });
}

export default function Unsubscribe() {
  const { name } = useLoaderData<typeof loader>();
  const done = useActionData<typeof action>()?.done;
  if (done) {
    return (
      <>
        <div className="nhsuk-panel nhsuk-panel--confirmation"><h1 className="nhsuk-panel__title">You will get no more emails from Touchstone</h1></div>
        <p>You can still see notifications when you sign in, and you can turn emails back on from <Link to="/account">your account</Link>.</p>
      </>
    );
  }
  return (
    <>
      <h1>Stop emails from Touchstone</h1>
      <p>Hello {name}. Stop all notification emails? You can choose daily or weekly summaries instead on <Link to="/account">your account page</Link>.</p>
      <Form method="post"><Button>Stop all emails</Button></Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Stop emails - Touchstone" }];

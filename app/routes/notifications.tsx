import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button } from "#app/components/ui/fields";
import { listNotifications, markAllRead } from "#app/features/notifications/notifications.server";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { z } from "zod";
import { requireUser } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return json({ notifications: await listNotifications(user) });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requireUser(context, request) }),
  (intent) => ({
    "mark-all-read": intent({
      schema: z.object({}),
      run: (_input, { actor }) => markAllRead(actor),
      success: () => redirect("/notifications"),
    }),
  }),
);

export default function Notifications() {
  const { notifications } = useLoaderData<typeof loader>();
  const unread = notifications.filter((n) => !n.readAt).length;
  return (
    <>
      <h1>Notifications</h1>
      {unread ? (
        <Form method="post">
          <Button secondary>Mark all {unread} as read</Button>
        </Form>
      ) : null}
      {notifications.length === 0 ? (
        <p>Nothing yet. You will hear here about replies to your comments and new versions of proposals you commented on.</p>
      ) : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {notifications.map((n) => (
          <li key={n.id}>
            {n.readAt ? null : <strong className="nhsuk-tag nhsuk-tag--blue app-badge">New</strong>}
            <Link to={n.link}>{n.title}</Link>
            <br />
            <span className="nhsuk-body-s">{formatDateTime(n.createdAt)}</span>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Notifications - Touchstone" }];

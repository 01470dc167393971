import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "~/components/ui/fields";
import { canReadOutbox } from "~/features/accounts/accounts.policy";
import { listOutbox } from "~/features/accounts/outbox.server";
import { formatDateTime } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { forbidden } from "~/utils/permissions.server";
import { usesOutbox } from "~/utils/email.server";

const QuerySchema = z.object({ to: z.string().trim().max(254).optional() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!canReadOutbox(context.user, getEnv().NODE_ENV)) throw forbidden();
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const to = query.success && query.data.to ? query.data.to : undefined;
  return json({ emails: await listOutbox(to), to: to ?? "", active: usesOutbox() });
}

export default function Outbox() {
  const { emails, to, active } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Email outbox</h1>
      <p>
        {active
          ? "No mail server is configured (SMTP_URL is not set), so emails are kept here instead of being sent."
          : "A mail server is configured; these are emails kept from before it was."}
      </p>
      <Form method="get">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="to">
            Show emails to
          </label>
          <input className="nhsuk-input nhsuk-input--width-30" id="to" name="to" type="email" defaultValue={to} />
        </div>
        <Button secondary>Filter</Button>
      </Form>
      {emails.length === 0 ? (
        <p>No emails.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border">
          {emails.map((email) => (
            <li key={email.id}>
              <Link to={`/outbox/${email.id}`}>{email.subject}</Link>
              <br />
              <span className="nhsuk-body-s">
                To {email.to}, {formatDateTime(email.createdAt)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Email outbox - Touchstone" }];

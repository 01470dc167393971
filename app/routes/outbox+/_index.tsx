import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { Button } from "#app/components/ui/fields";
import { DeliveryTag } from "#app/features/accounts/ui/delivery-tag";
import { canReadOutbox } from "#app/features/accounts/accounts.policy";
import { listOutbox } from "#app/features/accounts/outbox.server";
import { formatDateTime } from "#app/utils/dates";
import { getEnv } from "#app/utils/env.server";
import { forbidden } from "#app/utils/permissions.server";
import { usesOutbox } from "#app/utils/email.server";
import { getRetentionPeriods } from "#app/features/privacy/retention.server";

const QuerySchema = z.object({ to: z.string().trim().max(254).optional(), undelivered: z.literal("1").optional() });

export async function loader({ request, context }: LoaderFunctionArgs) {
  if (!canReadOutbox(context.user, getEnv().NODE_ENV)) throw forbidden();
  const query = QuerySchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  const to = query.success && query.data.to ? query.data.to : undefined;
  const undelivered = query.success && query.data.undelivered === "1";
  return json({
    emails: await listOutbox({ to, undelivered }),
    to: to ?? "",
    undelivered,
    active: usesOutbox(),
    retentionDays: (await getRetentionPeriods()).emailText,
  });
}

export default function Outbox() {
  const { emails, to, undelivered, active, retentionDays } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Email outbox</h1>
      <p>
        {active
          ? "No mail server is configured (SMTP_URL is not set), so emails are kept here instead of being sent."
          : "Emails are sent through the mail server. One it refuses is tried again, at growing intervals, eight times; after that it is marked not delivered and an administrator can send it again."}
      </p>
      <Form method="get">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="to">
            Show emails to
          </label>
          <input className="nhsuk-input nhsuk-input--width-30" id="to" name="to" type="email" defaultValue={to} />
        </div>
        {active ? null : (
          <div className="nhsuk-form-group">
            <div className="nhsuk-checkboxes">
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" id="undelivered" name="undelivered" type="checkbox" value="1" defaultChecked={undelivered} />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="undelivered">
                  Only emails not sent yet
                </label>
              </div>
            </div>
          </div>
        )}
        <Button secondary>Filter</Button>
      </Form>
      {emails.length === 0 ? (
        <p>No emails.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border">
          {emails.map((email) => (
            <li key={email.id}>
              <Link to={`/outbox/${email.id}`}>{email.subject}</Link>
              {active ? null : (
                <>
                  {" "}
                  <DeliveryTag status={email.status} />
                </>
              )}
              <br />
              <span className="nhsuk-body-s">
                To {email.to}, {formatDateTime(email.createdAt)}
                {email.textRemoved ? `. Text removed after ${retentionDays} days` : null}
              </span>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Email outbox - Touchstone" }];

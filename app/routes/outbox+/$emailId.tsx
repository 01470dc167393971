import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { canReadOutbox } from "~/features/accounts/accounts.policy";
import { getOutboxEmail } from "~/features/accounts/outbox.server";
import { formatDateTime } from "~/utils/dates";
import { getEnv } from "~/utils/env.server";
import { forbidden } from "~/utils/permissions.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  if (!canReadOutbox(context.user, getEnv().NODE_ENV)) throw forbidden();
  const email = await getOutboxEmail(params.emailId ?? "");
  if (!email) throw new Response("Not found", { status: 404 });
  const message = email.message as { attachments?: { filename?: string; contentType?: string }[] };
  return json({
    email: { ...email, message: undefined },
    attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename ?? "attachment", contentType: a.contentType ?? "" })),
  });
}

// Links in the plain-text body become real links, so emailed flows can be followed here.
function Linkified({ text }: { text: string }) {
  const parts = text.split(/(https?:\/\/[^\s]+)/g);
  return (
    <p className="app-email-body">
      {parts.map((part, index) =>
        /^https?:\/\//.test(part) ? (
          <a key={index} href={part}>
            {part}
          </a>
        ) : (
          part
        ),
      )}
    </p>
  );
}

export default function OutboxEmail() {
  const { email, attachments } = useLoaderData<typeof loader>();
  return (
    <>
      <p>
        <Link to="/outbox">Back to the outbox</Link>
      </p>
      <h1>{email.subject}</h1>
      <dl className="nhsuk-summary-list">
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">To</dt>
          <dd className="nhsuk-summary-list__value">{email.to}</dd>
        </div>
        <div className="nhsuk-summary-list__row">
          <dt className="nhsuk-summary-list__key">Sent</dt>
          <dd className="nhsuk-summary-list__value">{formatDateTime(email.createdAt)}</dd>
        </div>
        {attachments.length ? (
          <div className="nhsuk-summary-list__row">
            <dt className="nhsuk-summary-list__key">Attachments</dt>
            <dd className="nhsuk-summary-list__value">{attachments.map((a) => `${a.filename} (${a.contentType})`).join(", ")}</dd>
          </div>
        ) : null}
      </dl>
      <Linkified text={email.text} />
    </>
  );
}

export const meta: MetaFunction = ({ data }) => [{ title: `${(data as { email?: { subject: string } })?.email?.subject ?? "Email"} - Touchstone` }];

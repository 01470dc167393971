import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { canReadOutbox, canRetryEmail } from "#app/features/accounts/accounts.policy";
import { getOutboxEmail, retryOutboxEmail } from "#app/features/accounts/outbox.server";
import { DeliveryTag } from "#app/features/accounts/ui/delivery-tag";
import { formatDateTime } from "#app/utils/dates";
import { usesOutbox } from "#app/utils/email.server";
import { getRetentionPeriods } from "#app/features/privacy/retention.server";
import { getEnv } from "#app/utils/env.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { forbidden } from "#app/utils/permissions.server";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ params, context }: LoaderFunctionArgs) {
  if (!canReadOutbox(context.user, getEnv().NODE_ENV)) throw forbidden();
  const email = await getOutboxEmail(params.emailId ?? "");
  if (!email) throw new Response("Not found", { status: 404 });
  const message = email.message as { attachments?: { filename?: string; contentType?: string }[] };
  // Where a mail server delivers, the message is its recipient's alone (it may hold a
  // sign-in link): administrators see where it stands, not what it says.
  const outbox = usesOutbox();
  return json({
    email: {
      id: email.id,
      to: email.to,
      subject: email.subject,
      createdAt: email.createdAt,
      status: email.status,
      attempts: email.attempts,
      lastError: email.lastError,
      text: outbox && !email.textPurgedAt ? email.text : null,
      textPurgedAt: email.textPurgedAt,
    },
    retentionDays: (await getRetentionPeriods()).emailText,
    attachments: (message.attachments ?? []).map((a) => ({ filename: a.filename ?? "attachment", contentType: a.contentType ?? "" })),
    // Once its text is removed there is nothing left to send.
    canRetry: email.status === "failed" && !email.textPurgedAt && canRetryEmail(context.user),
  });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ params, context }) => {
    // Someone who may not retry gets the forbidden page, whatever they posted.
    if (!canRetryEmail(context.user)) throw forbidden();
    return { actor: context.user, emailId: params.emailId ?? "" };
  },
  (intent) => ({
    retry: intent({
      schema: z.object({}),
      run: (_input, { actor, emailId }) => retryOutboxEmail(actor, emailId),
    }),
  }),
);

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
  const { email, attachments, canRetry, retentionDays } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  return (
    <>
      <ErrorSummary errors={reply?.errors ?? undefined} />
      {reply?.status === "success" ? (
        <div className="nhsuk-inset-text" role="status">
          <p>Sending again: it will be tried eight more times.</p>
        </div>
      ) : null}
      <p>
        <Link to="/outbox">Back to the outbox</Link>
      </p>
      <h1>{email.subject}</h1>
      <SummaryList>
        <SummaryRow label="To">{email.to}</SummaryRow>
        <SummaryRow label="Written">{formatDateTime(email.createdAt)}</SummaryRow>
        <SummaryRow label="Delivery">
          <DeliveryTag status={email.status} />
          {email.attempts ? ` after ${email.attempts} ${email.attempts === 1 ? "attempt" : "attempts"}` : null}
          {email.lastError && email.status !== "sent" ? <p className="nhsuk-body-s nhsuk-u-margin-top-2">The mail server said: {email.lastError}</p> : null}
        </SummaryRow>
        {attachments.length ? <SummaryRow label="Attachments">{attachments.map((a) => `${a.filename} (${a.contentType})`).join(", ")}</SummaryRow> : null}
      </SummaryList>
      {canRetry ? (
        <Form method="post">
          <input type="hidden" name="intent" value="retry" />
          <Button>Send it again</Button>
        </Form>
      ) : null}
      {email.textPurgedAt ? (
        <p>
          Text removed after {retentionDays} days, on {formatDateTime(email.textPurgedAt)}: emails hold one-time links and personal details, so only the
          delivery record is kept.
        </p>
      ) : email.text === null ? (
        <p>The message itself is shown only to its recipient.</p>
      ) : (
        <Linkified text={email.text} />
      )}
    </>
  );
}

export const meta: MetaFunction = ({ data }) => [{ title: `${(data as { email?: { subject: string } })?.email?.subject ?? "Email"} - Touchstone` }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { markAlertHandled, moderationQueue } from "#app/features/consultations/manage-proposals.server";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "moderate:comment:any");
  return json(await moderationQueue());
}

const HandleSchema = z.object({ intent: z.literal("handle-alert"), alertId: z.string().min(1).max(64) });

// Pure: the browser build drops the action (its .server imports are empty there; see ADR 027).
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requirePermission(context, request, "moderate:comment:any") }),
  (intent) => ({
    "handle-alert": intent({
      schema: HandleSchema,
      run: (input, { actor }) => markAlertHandled(actor, input.alertId),
      success: () => redirect("/manage/moderation"),
    }),
  }),
);

type Item = ReturnType<typeof useLoaderData<typeof loader>>["pending"][number];

function QueueItem({ item, children }: { item: Item; children?: React.ReactNode }) {
  return (
    <li className="app-comment">
      <p className="nhsuk-body-s">
        <strong>{item.author?.displayName ?? "A response received outside Touchstone"}</strong> on{" "}
        <Link to={`/proposals/${item.proposal.slug}/comments/${item.id}`}>{item.proposal.title}</Link>, {formatDateTime(item.createdAt)}
      </p>
      <blockquote className="app-quote">{item.body}</blockquote>
      {item.reports.length ? <p className="nhsuk-body-s">Reports: {item.reports.map((r) => r.reason).join("; ")}</p> : null}
      {item.moderationReason ? <p className="nhsuk-body-s">Hidden: {item.moderationReason}</p> : null}
      {children}
    </li>
  );
}

function HandleAlert({ alertId, about }: { alertId: string; about: string }) {
  return (
    <Form method="post">
      <input type="hidden" name="intent" value="handle-alert" />
      <input type="hidden" name="alertId" value={alertId} />
      <Button secondary>
        Mark as handled<span className="nhsuk-u-visually-hidden"> ({about})</span>
      </Button>
    </Form>
  );
}

export default function Moderation() {
  const { pending, hidden, reported, alerts, questionAlerts } = useLoaderData<typeof loader>();
  // Someone else may have handled an alert first (it is no longer listed): say so at the top.
  const reply = useFormReply<typeof action>();
  const problems = reply?.errors ? Object.values(reply.errors).flatMap((messages) => messages ?? []) : [];
  return (
    <>
      <ErrorSummary errors={problems.length ? { form: problems } : null} />
      <h1>Moderation and safeguarding</h1>
      <p>Open a comment to approve, remove or restore it; every action is recorded with who did it and when.</p>
      <h2>Safeguarding alerts ({alerts.length})</h2>
      {alerts.length === 0 ? <p>None waiting.</p> : null}
      <ul className="app-comment-list">
        {alerts.map((alert) => (
          <QueueItem key={alert.id} item={alert.comment}>
            <p className="nhsuk-body-s">Matched: {alert.phrases.join(", ")}</p>
            <HandleAlert alertId={alert.id} about={`comment by ${alert.comment.author?.displayName ?? "a respondent outside Touchstone"}`} />
          </QueueItem>
        ))}
      </ul>
      {questionAlerts.length ? (
        <>
          <h3>Questions at meetings ({questionAlerts.length})</h3>
          <ul className="app-comment-list">
            {questionAlerts.map((alert) => (
              <li className="app-comment" key={alert.id}>
                <p className="nhsuk-body-s">
                  {alert.question.author.displayName}, at <Link to={`/meetings/${alert.question.meeting.slug}/questions`}>{alert.question.meeting.title}</Link>.
                  Matched: {alert.phrases.join(", ")}
                </p>
                <p>{alert.question.text}</p>
                <HandleAlert alertId={alert.id} about={`question by ${alert.question.author.displayName}`} />
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <h2>Awaiting approval ({pending.length})</h2>
      {pending.length === 0 ? <p>None waiting.</p> : null}
      <ul className="app-comment-list">
        {pending.map((item) => (
          <QueueItem key={item.id} item={item} />
        ))}
      </ul>
      <h2>Reported ({reported.length})</h2>
      {reported.length === 0 ? <p>None.</p> : null}
      <ul className="app-comment-list">
        {reported.map((item) => (
          <QueueItem key={item.id} item={item} />
        ))}
      </ul>
      <h2>Removed ({hidden.length})</h2>
      {hidden.length === 0 ? <p>None.</p> : null}
      <ul className="app-comment-list">
        {hidden.map((item) => (
          <QueueItem key={item.id} item={item} />
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Moderation and safeguarding - Touchstone" }];

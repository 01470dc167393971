import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, TextInput } from "#app/components/ui/fields";
import { RetentionSettingsSchema } from "#app/features/privacy/privacy.schema";
import { ADJUSTABLE_RULES, RETENTION_RULE_NAMES, RETENTION_RULES } from "#app/features/privacy/retention";
import { getRetentionPeriods, setRetentionPeriods } from "#app/features/privacy/retention.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "manage:retention:any");
  return json({ periods: await getRetentionPeriods() });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requirePermission(context, request, "manage:retention:any") }),
  (intent) => ({
    "retention-periods": intent({
      schema: RetentionSettingsSchema,
      run: (input, { actor }) => setRetentionPeriods(actor, input),
      success: (saved) => ({
        message: saved.changed.length
          ? `Saved. The privacy notice now says the new ${saved.changed.length === 1 ? "period" : "periods"}.`
          : "Nothing was changed.",
      }),
    }),
  }),
);

export default function RetentionSchedule() {
  const { periods } = useLoaderData<typeof loader>();
  const actionData = useFormReply<typeof action>("retention-periods");
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} fieldOrder={ADJUSTABLE_RULES} />
        <h1>How long data is kept</h1>
        <p>
          The scheduler applies these periods every few minutes and logs what it removed. The <Link to="/privacy">privacy notice</Link> is written from them, so
          changing a period changes the notice (and its version).
        </p>
        {actionData?.message ? (
          <div className="nhsuk-inset-text" role="status">
            <p>{actionData.message}</p>
          </div>
        ) : null}
        <Form method="post" noValidate>
          {ADJUSTABLE_RULES.map((rule) => (
            <TextInput
              key={rule}
              name={rule}
              label={`${RETENTION_RULES[rule].data} (days ${RETENTION_RULES[rule].from})`}
              hint={`From ${RETENTION_RULES[rule].minDays} to ${RETENTION_RULES[rule].maxDays} days; then ${RETENTION_RULES[rule].then}.`}
              width={10}
              defaultValue={actionData?.values?.[rule] ?? String(periods[rule])}
              error={actionData?.errors?.[rule]}
            />
          ))}
          <Button>Save periods</Button>
        </Form>
        <h2>Fixed</h2>
        <ul>
          {RETENTION_RULE_NAMES.filter((rule) => !RETENTION_RULES[rule].adjustable).map((rule) => (
            <li key={rule}>
              {RETENTION_RULES[rule].data}:{" "}
              {periods[rule] === null ? RETENTION_RULES[rule].then : `${periods[rule]} days ${RETENTION_RULES[rule].from}; then ${RETENTION_RULES[rule].then}`}.
            </li>
          ))}
        </ul>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "How long data is kept - Touchstone" }];

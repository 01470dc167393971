import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { Button, Select } from "#app/components/ui/fields";
import { ROLE_LABELS, STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { ConfirmEmailNotice } from "#app/features/accounts/ui/confirm-email-notice";
import { FREQUENCY_LABELS, NOTIFICATION_KINDS, PreferencesSchema } from "#app/features/notifications/notifications.schema";
import { getPreferences, saveEmailPreferences } from "#app/features/notifications/notifications.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return json({ user, preferences: await getPreferences(user) });
}

const PREFERENCES_FORM = "email-preferences";

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requireUser(context, request) }),
  (intent) => ({
    [PREFERENCES_FORM]: intent({
      schema: PreferencesSchema,
      run: (input, { actor }) => saveEmailPreferences(actor, input),
    }),
  }),
);

export default function Account() {
  const { user, preferences } = useLoaderData<typeof loader>();
  const preferencesReply = useFormReply<typeof action>(PREFERENCES_FORM);
  return (
    <>
      <h1>Your account</h1>
      {!user.emailVerified ? <ConfirmEmailNotice doing="comment, register for meetings, vote or join the Forum" /> : null}
      <SummaryList>
        <SummaryRow label="Display name">{user.displayName}</SummaryRow>
        <SummaryRow label="Email address">
          {user.email} {user.emailVerified ? "(confirmed)" : "(not confirmed yet)"}
        </SummaryRow>
        <SummaryRow label="How you take part">{STAKEHOLDER_TYPE_LABELS[user.stakeholderType]}</SummaryRow>
        <SummaryRow label="Organisation">{user.organisation ?? "None"}</SummaryRow>
        <SummaryRow label="Roles" data-testid="account-roles">
          {["Stakeholder", ...user.roles.map((role) => ROLE_LABELS[role])].join(", ")}
        </SummaryRow>
      </SummaryList>
      <p>
        <Link to="/account/registrations">Your meeting registrations</Link> · <Link to="/actions">Actions you own from meetings</Link>
      </p>
      <h2>Emails</h2>
      <p>You always see notifications in Touchstone. Choose how often we email you about each kind.</p>
      <Form method="post">
        <input type="hidden" name="intent" value="email-preferences" />
        {preferencesReply?.errors ? <p className="nhsuk-error-message">Choose how often for each kind of email</p> : null}
        {NOTIFICATION_KINDS.map((k) => (
          <Select
            key={k.kind}
            name={k.kind}
            label={k.label}
            defaultValue={preferences[k.kind]}
            options={Object.entries(FREQUENCY_LABELS).map(([value, label]) => ({ value, label }))}
          />
        ))}
        <Button secondary>Save email settings</Button>
      </Form>
      <h2>Your data</h2>
      <ul className="nhsuk-list">
        <li>
          <Link to="/account/data">Download your data</Link>
        </li>
        <li>
          <Link to="/account/delete">Delete your account</Link>
        </li>
        <li>
          <Link to="/privacy">What we keep, who sees it and for how long</Link>
        </li>
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your account - Touchstone" }];

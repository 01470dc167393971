import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Radios, TextInput } from "#app/components/ui/fields";
import { PASSWORD_MIN_LENGTH, SignUpSchema, STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { signUp } from "#app/features/accounts/accounts.server";
import { refuseWhenRateLimited } from "#app/features/accounts/rate-limit";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireAnonymous } from "#app/utils/permissions.server";

export function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  () => ({}),
  (intent) => ({
    "sign-up": intent({
      schema: SignUpSchema,
      run: (input) => signUp(input),
      success: (_made, input) => redirect(`/auth/check-email?${new URLSearchParams({ email: input.email })}`),
    }),
  }),
  { refuse: refuseWhenRateLimited },
);

const FIELD_ORDER = ["email", "password", "confirmPassword", "displayName", "stakeholderType", "organisation"];

export default function SignUp() {
  const actionData = useFormReply<typeof action>("sign-up");
  const errors = actionData?.errors;
  const values = actionData?.values ?? {};
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={FIELD_ORDER} />
        <h1>Create an account</h1>
        <p>With an account you can comment on proposals, register for meetings and join the Mental Health Forum.</p>
        <Form method="post" noValidate>
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={values.email}
            error={errors?.email}
          />
          <TextInput
            name="password"
            label="Password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${PASSWORD_MIN_LENGTH} characters. Avoid common passwords; three random words work well.`}
            error={errors?.password}
          />
          <TextInput name="confirmPassword" label="Confirm password" type="password" autoComplete="new-password" error={errors?.confirmPassword} />
          <TextInput
            name="displayName"
            label="Display name"
            hint="This is the name other people will see next to your comments. It does not have to be your real name."
            autoComplete="nickname"
            defaultValue={values.displayName}
            error={errors?.displayName}
          />
          <Radios
            name="stakeholderType"
            legend="How do you take part?"
            hint="This is shown next to your comments so readers know the perspective behind them."
            options={Object.entries(STAKEHOLDER_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
            defaultValue={values.stakeholderType}
            error={errors?.stakeholderType}
          />
          <TextInput
            name="organisation"
            label="Organisation (optional)"
            hint="If you will sometimes respond on behalf of an organisation."
            autoComplete="organization"
            defaultValue={values.organisation}
            error={errors?.organisation}
          />
          <p>
            By creating an account you accept the <Link to="/privacy">privacy notice</Link>: what we keep, who can see it and for how long.
          </p>
          <Button>Create account</Button>
        </Form>
        <p>
          Already have an account? <Link to="/auth/sign-in">Sign in</Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Create an account - Touchstone" }];

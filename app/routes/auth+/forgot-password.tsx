import type { MetaFunction } from "@remix-run/node";
import { Form } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, TextInput } from "#app/components/ui/fields";
import { ForgotPasswordSchema } from "#app/features/accounts/accounts.schema";
import { requestPasswordReset } from "#app/features/accounts/accounts.server";
import { refuseWhenRateLimited } from "#app/features/accounts/rate-limit";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  () => ({}),
  (intent) => ({
    "forgot-password": intent({
      schema: ForgotPasswordSchema,
      run: (input) => requestPasswordReset(input.email),
      // The same answer whether or not there is an account, so no one can probe for one.
      success: (_made, input) => ({ result: { sentTo: input.email } }),
    }),
  }),
  { refuse: refuseWhenRateLimited },
);

export default function ForgotPassword() {
  const actionData = useFormReply<typeof action>("forgot-password");
  const sentTo = actionData?.result?.sentTo;
  if (sentTo) {
    return (
      <>
        <h1>Check your email</h1>
        <p>
          If there is an account for <strong>{sentTo}</strong>, we have sent it a link to reset the password. The link expires in 1 hour.
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        <h1>Reset your password</h1>
        <p>Enter the email address of your account and we will send you a link to choose a new password.</p>
        <Form method="post" noValidate>
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={actionData?.values?.email}
            error={actionData?.errors?.email}
          />
          <Button>Send reset link</Button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Reset your password - Touchstone" }];

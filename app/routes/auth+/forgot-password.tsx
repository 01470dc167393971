import type { ActionFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button, TextInput } from "~/components/ui/fields";
import { ForgotPasswordSchema } from "~/features/accounts/accounts.schema";
import { requestPasswordReset } from "~/features/accounts/accounts.server";
import { tooManyAttempts } from "~/features/accounts/rate-limit";
import { parseForm, type FormReply } from "~/utils/forms";

export async function action({ request, context }: ActionFunctionArgs) {
  if (context.rateLimit?.limited) return tooManyAttempts(context.rateLimit);
  const form = parseForm(await request.formData(), ForgotPasswordSchema);
  if (!form.success) return json({ errors: form.errors, values: form.values, sentTo: null }, { status: 400 });
  await requestPasswordReset(form.data.email);
  return json({ errors: null, values: {}, sentTo: form.data.email });
}

export default function ForgotPassword() {
  const actionData = useActionData<typeof action>() as FormReply<{ sentTo: string | null }> | undefined;
  if (actionData?.sentTo) {
    return (
      <>
        <h1>Check your email</h1>
        <p>
          If there is an account for <strong>{actionData.sentTo}</strong>, we have sent it a link to reset the
          password. The link expires in 1 hour.
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
          <TextInput name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} defaultValue={actionData?.values?.email} error={actionData?.errors?.email} />
          <Button>Send reset link</Button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Reset your password - Touchstone" }];

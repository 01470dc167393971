import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button, TextInput } from "~/components/ui/fields";
import { safeRedirect, SignInSchema } from "~/features/accounts/accounts.schema";
import { checkCredentials } from "~/features/accounts/accounts.server";
import { tooManyAttempts } from "~/features/accounts/rate-limit";
import { startSession } from "~/utils/auth.server";
import { parseForm } from "~/utils/forms";
import { requireAnonymous } from "~/utils/permissions.server";

export function loader({ context }: LoaderFunctionArgs) {
  requireAnonymous(context);
  return null;
}

export async function action({ request, context }: ActionFunctionArgs) {
  if (context.rateLimit?.limited) return tooManyAttempts(context.rateLimit);
  const form = parseForm(await request.formData(), SignInSchema);
  if (!form.success) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await checkCredentials(form.data.email, form.data.password);
  if (!result.ok) return json({ errors: result.errors, values: { email: form.data.email } }, { status: 400 });
  return redirect(safeRedirect(form.data.redirectTo, "/account"), {
    headers: { "Set-Cookie": await startSession(result.userId) },
  });
}

export default function SignIn() {
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const errors = actionData?.errors;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={["email", "password"]} />
        <h1>Sign in</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextInput name="email" label="Email address" type="email" autoComplete="email" spellCheck={false} defaultValue={actionData?.values?.email} error={errors?.email} />
          <TextInput name="password" label="Password" type="password" autoComplete="current-password" error={errors?.password} />
          <Button>Sign in</Button>
        </Form>
        <p>
          <Link to="/auth/forgot-password">Forgotten your password?</Link>
        </p>
        <p>
          New to Touchstone? <Link to="/auth/sign-up">Create an account</Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Sign in - Touchstone" }];

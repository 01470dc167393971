import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, TextInput } from "#app/components/ui/fields";
import { safeRedirect, SignInSchema } from "#app/features/accounts/accounts.schema";
import { checkCredentials } from "#app/features/accounts/accounts.server";
import { refuseWhenRateLimited } from "#app/features/accounts/rate-limit";
import { startSession } from "#app/utils/auth.server";
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
    "sign-in": intent({
      schema: SignInSchema,
      run: (input) => checkCredentials(input.email, input.password),
      success: async (signedIn, input) =>
        redirect(safeRedirect(input.redirectTo, "/account"), { headers: { "Set-Cookie": await startSession(signedIn.userId) } }),
    }),
  }),
  { refuse: refuseWhenRateLimited },
);

export default function SignIn() {
  const actionData = useFormReply<typeof action>("sign-in");
  const [searchParams] = useSearchParams();
  const errors = actionData?.errors;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={["email", "password"]} />
        <h1>Sign in</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="redirectTo" value={searchParams.get("redirectTo") ?? ""} />
          <TextInput
            name="email"
            label="Email address"
            type="email"
            autoComplete="email"
            spellCheck={false}
            defaultValue={actionData?.values?.email}
            error={errors?.email}
          />
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

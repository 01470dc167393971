import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, TextInput } from "#app/components/ui/fields";
import { isTokenUsable } from "#app/features/accounts/account-tokens.server";
import { PASSWORD_MIN_LENGTH, ResetPasswordSchema, TokenSchema } from "#app/features/accounts/accounts.schema";
import { resetPassword } from "#app/features/accounts/accounts.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";

export async function loader({ request }: LoaderFunctionArgs) {
  const parsed = TokenSchema.safeParse({ token: new URL(request.url).searchParams.get("token") ?? undefined });
  const usable = parsed.success && (await isTokenUsable(parsed.data.token, "PASSWORD_RESET"));
  return json({ token: usable ? parsed.data!.token : null }, { status: usable ? 200 : 400 });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ context }) => ({ liveConnections: context.liveConnections }),
  (intent) => ({
    "reset-password": intent({
      schema: ResetPasswordSchema,
      run: (input, { liveConnections }) => resetPassword(input.token, input.password, liveConnections),
    }),
  }),
);

export default function ResetPassword() {
  const { token } = useLoaderData<typeof loader>();
  const actionData = useFormReply<typeof action>("reset-password");
  if (actionData?.status === "success") {
    return (
      <>
        <div className="nhsuk-panel nhsuk-panel--confirmation">
          <h1 className="nhsuk-panel__title">Password changed</h1>
        </div>
        <p>
          You have been signed out everywhere. <Link to="/auth/sign-in">Sign in with your new password</Link>.
        </p>
      </>
    );
  }
  if (!token) {
    return (
      <>
        <h1>This link has expired or has already been used</h1>
        <p>
          <Link to="/auth/forgot-password">Ask for a new link</Link>
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} fieldOrder={["password", "confirmPassword"]} />
        <h1>Choose a new password</h1>
        <Form method="post" noValidate>
          <input type="hidden" name="token" value={token} />
          <TextInput
            name="password"
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${PASSWORD_MIN_LENGTH} characters.`}
            error={actionData?.errors?.password}
          />
          <TextInput
            name="confirmPassword"
            label="Confirm new password"
            type="password"
            autoComplete="new-password"
            error={actionData?.errors?.confirmPassword}
          />
          <Button>Change password</Button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Choose a new password - Touchstone" }];

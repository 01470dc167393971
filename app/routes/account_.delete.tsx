import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Radios, TextInput } from "#app/components/ui/fields";
import { deleteOwnAccount } from "#app/features/privacy/erasure.server";
import { DeleteAccountSchema, TEXT_CHOICES } from "#app/features/privacy/privacy.schema";
import { endSession } from "#app/utils/auth.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  requireUser(context, request);
  return null;
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requireUser(context, request), cookie: request.headers.get("Cookie"), publisher: context.publisher }),
  (intent) => ({
    "delete-account": intent({
      schema: DeleteAccountSchema,
      run: (input, { actor, publisher }) => deleteOwnAccount(actor, input, publisher),
      success: async (_made, _input, { cookie }) => redirect("/account/deleted", { headers: { "Set-Cookie": await endSession(cookie) } }),
    }),
  }),
);

export default function DeleteAccount() {
  const actionData = useFormReply<typeof action>("delete-account");
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} fieldOrder={["text", "password"]} />
        <h1>Delete your account</h1>
        <p className="nhsuk-lede-text">If you delete your account, Touchstone forgets who you are. This cannot be undone.</p>
        <h2>What happens</h2>
        <ul>
          <li>Your email address, display name, organisation and how you take part are deleted. You can use the same email address for a new account later.</li>
          <li>You choose what happens to your comments, replies and Forum messages (below).</li>
          <li>
            Your places at meetings still to come are cancelled, and the next person on the waiting list gets your place. Any access needs you gave are deleted.
          </li>
          <li>
            If you stood for election, your nomination is withdrawn. If you hold a seat on a board or group, it ends today and the secretary is told the seat is
            vacant (not who you were).
          </li>
          <li>
            If you voted in a Forum election, the vote still counts. How you voted was never linked to you, and nothing about you is kept with the fact that a
            vote was cast.
          </li>
          <li>Your Forum membership, notifications, email settings and the emails we sent you are deleted.</li>
          <li>You are signed out everywhere at once.</li>
        </ul>
        <p>
          You may want to <Link to="/account/data">download your data</Link> first.
        </p>
        <Form method="post" noValidate>
          <Radios
            name="text"
            legend="What should happen to what you wrote?"
            hint="Threads stay readable either way, so that other people's replies still make sense."
            error={actionData?.errors?.text}
            defaultValue={actionData?.values?.text}
            options={[
              { value: "remove", label: TEXT_CHOICES.remove, hint: "Your comments and messages are replaced by “This comment was deleted by its author”." },
              {
                value: "keep",
                label: TEXT_CHOICES.keep,
                hint: "The words stay, shown as written by “Former participant”, with no name, organisation or badge.",
              },
            ]}
          />
          <TextInput
            name="password"
            label="Your password"
            hint="To check that it is you."
            type="password"
            autoComplete="current-password"
            width={20}
            error={actionData?.errors?.password}
          />
          <button className="nhsuk-button nhsuk-button--warning" data-module="nhsuk-button" type="submit">
            Delete my account
          </button>
        </Form>
        <p>
          <Link to="/account">Keep my account</Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Delete your account - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Radios, TextInput } from "#app/components/ui/fields";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { acceptInvitation, acceptInvitationAsNewAccount, findInvitation } from "#app/features/consultations/manage-proposals.server";
import { AcceptInvitationSchema } from "#app/features/consultations/manage.schema";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const invitation = await findInvitation(params.token ?? "");
  if (!invitation) throw new Response("Not found", { status: 404 });
  return json({ title: invitation.proposal.title, email: invitation.email, signedInAs: context.user?.displayName ?? null });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  async ({ params, context }) => {
    const token = params.token ?? "";
    // Signed in, the button alone accepts: the invitation joins the account already held, and
    // there is no form to answer (a link that no longer works is simply not found).
    if (context.user) {
      const accepted = await acceptInvitation(token, context.user);
      throw accepted.ok ? redirect(`/proposals/${accepted.slug}`) : new Response("Not found", { status: 404 });
    }
    return { token };
  },
  (intent) => ({
    // Signed out: an account is made for the invited address.
    "create-account": intent({
      schema: AcceptInvitationSchema,
      run: (input, { token }) => acceptInvitationAsNewAccount(token, input),
      success: (accepted) => redirect(`/proposals/${accepted.slug}`, { headers: { "Set-Cookie": accepted.setCookie } }),
    }),
  }),
);

export default function AcceptInvitation() {
  const { title, email, signedInAs } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("create-account");
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={reply?.errors} fieldOrder={["displayName", "password", "stakeholderType"]} />
        <h1>You are invited to comment</h1>
        <p>
          You have been invited to read and comment on <strong>{title}</strong>.
        </p>
        {signedInAs ? (
          <Form method="post">
            <p>You are signed in as {signedInAs}.</p>
            <Button>Accept and read the proposal</Button>
          </Form>
        ) : (
          <Form method="post" noValidate>
            <p>Create your account for {email} to accept. If you already have an account, sign in first and open the link again.</p>
            <TextInput
              name="displayName"
              label="Display name"
              hint="The name other people will see. It does not have to be your real name."
              defaultValue={reply?.values?.displayName}
              error={reply?.errors?.displayName}
            />
            <TextInput
              name="password"
              label="Password"
              type="password"
              autoComplete="new-password"
              hint="At least 10 characters."
              error={reply?.errors?.password}
            />
            <Radios
              name="stakeholderType"
              legend="How do you take part?"
              options={Object.entries(STAKEHOLDER_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={reply?.values?.stakeholderType}
              error={reply?.errors?.stakeholderType}
            />
            <Button>Create account and accept</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Invitation - Touchstone" }];

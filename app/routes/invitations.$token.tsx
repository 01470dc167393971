import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Radios, TextInput } from "#app/components/ui/fields";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { acceptInvitation, acceptInvitationAsNewAccount, findInvitation } from "#app/features/consultations/manage-proposals.server";
import { AcceptInvitationSchema } from "#app/features/consultations/manage.schema";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { fail } from "#app/utils/results";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const invitation = await findInvitation(params.token ?? "");
  if (!invitation) throw new Response("Not found", { status: 404 });
  const proposalPath = `/proposals/${invitation.proposal.slug}`;
  if (invitation.acceptedAt) {
    // A used link works for nobody else: it names no address, and points whoever used it to signing in.
    if (context.user && invitation.userId === context.user.id)
      return json({ state: "accepted-by-you" as const, title: invitation.proposal.title, proposalPath });
    return json({ state: "used" as const, proposalPath });
  }
  return json({
    state: "open" as const,
    title: invitation.proposal.title,
    proposalPath,
    email: invitation.email,
    signedInAs: context.user?.displayName ?? null,
  });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ params, context }) => ({ token: params.token ?? "", user: context.user }),
  (intent) => ({
    // Signed in, the button alone accepts: the invitation joins the account already held.
    accept: intent({
      schema: z.object({}),
      form: "invitation",
      run: (_input, { token, user }) => (user ? acceptInvitation(token, user) : Promise.resolve(fail(403, "form", "Sign in first, then open the link again"))),
      success: (accepted) => redirect(`/proposals/${accepted.slug}`),
    }),
    // Signed out: an account is made for the invited address.
    "create-account": intent({
      schema: AcceptInvitationSchema,
      form: "invitation",
      run: (input, { token, user }) =>
        user
          ? Promise.resolve(fail(409, "form", "You are signed in: accept with this account, or sign out to create a new one"))
          : acceptInvitationAsNewAccount(token, input),
      success: (accepted) => redirect(`/proposals/${accepted.slug}`, { headers: { "Set-Cookie": accepted.setCookie } }),
    }),
  }),
);

export default function AcceptInvitation() {
  const invitation = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("invitation");
  if (invitation.state === "accepted-by-you") {
    return (
      <>
        <h1>You have accepted this invitation</h1>
        <p>
          <Link to={invitation.proposalPath}>Read and comment on {invitation.title}</Link>
        </p>
      </>
    );
  }
  if (invitation.state === "used") {
    return (
      <>
        <h1>This invitation has already been used</h1>
        <p>Each invitation link works once. If you accepted it, sign in with the account you used to read the proposal.</p>
        <p>
          <Link to={`/auth/sign-in?redirectTo=${encodeURIComponent(invitation.proposalPath)}`}>Sign in</Link>
        </p>
        <p>If you did not accept it, ask the person who invited you for a new invitation.</p>
      </>
    );
  }
  const { title, email, signedInAs } = invitation;
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
            <Button name="intent" value="accept">
              Accept and read the proposal
            </Button>
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
            <Button name="intent" value="create-account">
              Create account and accept
            </Button>
          </Form>
        )}
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Invitation - Touchstone" }];

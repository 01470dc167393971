import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Radios, TextInput } from "#app/components/ui/fields";
import { canManageMembership } from "#app/features/forum/forum.policy";
import { ApplySchema, FORUM_CATEGORY_LABELS } from "#app/features/forum/membership.schema";
import { applyToJoin, getMembership } from "#app/features/forum/membership.server";
import { jointMeetingsThisYear } from "#app/features/governance/body-meetings.server";
import { formatDate } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";
import { ConfirmEmailNotice, useNeedsEmailConfirmation } from "#app/features/accounts/ui/confirm-email-notice";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return json({ membership: await getMembership(user), officer: canManageMembership(user), joint: await jointMeetingsThisYear() });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requireUser(context, request) }),
  (intent) => ({
    apply: intent({
      schema: ApplySchema,
      run: (input, { actor }) => applyToJoin(actor, input),
      success: () => redirect("/forum/membership"),
    }),
  }),
);

const STATUS_TEXT = {
  PENDING: "Your application is waiting for a Forum officer to check it.",
  VERIFIED: "You are a member of the Mental Health Forum.",
  DECLINED: "Your application was not accepted.",
  ENDED: "Your membership has ended.",
} as const;

export default function Membership() {
  const { membership, officer, joint } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("apply");
  const canApply = !membership || membership.status === "DECLINED" || membership.status === "ENDED";
  const needsEmailConfirmation = useNeedsEmailConfirmation();
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={reply?.errors} fieldOrder={["category", "postcode"]} />
        <h1>The Mental Health Forum</h1>
        <p>
          The Forum is the user-led voice of people who use mental-health services, their carers and the voluntary groups that support them. It elects the
          service-user, carer and voluntary-sector members of the Partnership Board.
        </p>
        {officer ? (
          <p>
            <Link to="/forum/members">Applications and members</Link>
          </p>
        ) : null}
        <p data-testid="joint-meetings">
          Joint meetings with the <Link to="/bodies/partnership-board#meetings">Partnership Board</Link> in {joint.year}: {joint.held} held and{" "}
          {joint.scheduled} scheduled, against a minimum of {joint.minimum} a year.
          {joint.held + joint.scheduled < joint.minimum ? " Fewer than the minimum are planned." : ""}
        </p>
        {membership ? (
          <div className="nhsuk-inset-text" role="status">
            <p>
              <strong>{STATUS_TEXT[membership.status]}</strong>
            </p>
            <p>
              {FORUM_CATEGORY_LABELS[membership.category]}, postcode {membership.postcode}. Applied {formatDate(membership.appliedAt)}.
              {membership.status === "VERIFIED" ? (membership.residentVerified ? " Residency in the city checked." : " Residency not checked.") : ""}
            </p>
            {membership.reason && membership.status !== "VERIFIED" ? <p>Reason: {membership.reason}</p> : null}
            {membership.status === "VERIFIED" ? (
              <p>
                <Link to="/forum/rooms">Go to the Forum rooms</Link>
              </p>
            ) : null}
          </div>
        ) : null}
        {canApply && needsEmailConfirmation ? (
          <ConfirmEmailNotice doing="apply to join the Forum" />
        ) : canApply ? (
          <Form method="post" noValidate>
            <h2>{membership ? "Apply again" : "Apply to join"}</h2>
            <Radios
              name="category"
              legend="How would you take part?"
              options={Object.entries(FORUM_CATEGORY_LABELS).map(([value, label]) => ({ value, label }))}
              defaultValue={reply?.values?.category}
              error={reply?.errors?.category}
            />
            <TextInput
              name="postcode"
              label="Your postcode"
              hint="Forum representatives must live in the city. Only Forum officers see your postcode."
              autoComplete="postal-code"
              width={10}
              defaultValue={reply?.values?.postcode}
              error={reply?.errors?.postcode}
            />
            <Button>Apply</Button>
          </Form>
        ) : null}
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "The Mental Health Forum - Touchstone" }];

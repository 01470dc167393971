import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, FieldGroup, TextInput } from "#app/components/ui/fields";
import { DecideSchema, FORUM_CATEGORY_LABELS } from "#app/features/forum/membership.schema";
import { decideMembership, listMemberships } from "#app/features/forum/membership.server";
import { formatDate } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requirePermission(context, request, "verify:forum-membership:any");
  return json({ memberships: await listMemberships(viewer) });
}

/** Each application and each membership has its own form: a reply answers only that one. */
const membershipForm = (membershipId: unknown) => `membership-${String(membershipId ?? "")}`;

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requirePermission(context, request, "verify:forum-membership:any"), publisher: context.publisher }),
  (intent) => {
    // Verify, decline and end are one decision, told apart by the button pressed.
    const decide = () =>
      intent({
        schema: DecideSchema,
        form: (fields) => membershipForm(fields.membershipId),
        run: (input, { actor, publisher }) => decideMembership(actor, input, publisher),
        success: () => redirect("/forum/members"),
      });
    return { verify: decide(), decline: decide(), end: decide() };
  },
);

export default function Members() {
  const { memberships } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  const replyTo = (membershipId: string) => (reply?.form === membershipForm(membershipId) ? reply : undefined);
  const pending = memberships.filter((m) => m.status === "PENDING");
  const members = memberships.filter((m) => m.status === "VERIFIED");
  // One summary for the page, its link going to the reason field of the form that was sent.
  const answered = reply?.errors ? memberships.find((m) => replyTo(m.id)) : undefined;
  const reasonField = answered ? (answered.status === "PENDING" ? `reason-${answered.id}` : `end-${answered.id}`) : null;
  const { reason: reasonError, ...otherErrors } = reply?.errors ?? {};
  const unlinked = [...(reasonField ? [] : (reasonError ?? [])), ...Object.values(otherErrors).flat()].filter((message): message is string => !!message);
  const summary = reply?.errors ? { form: unlinked.length ? unlinked : undefined, ...(reasonField ? { [reasonField]: reasonError } : {}) } : null;
  return (
    <>
      <ErrorSummary errors={summary} />
      <h1>Forum applications and members</h1>
      <h2>Waiting for a decision ({pending.length})</h2>
      {pending.length === 0 ? <p>None.</p> : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {pending.map((m) => (
          <li key={m.id}>
            <strong>{m.user.displayName}</strong> ({m.user.email}), {FORUM_CATEGORY_LABELS[m.category]}, {m.postcode}, applied {formatDate(m.appliedAt)}
            <Form method="post" noValidate>
              <input type="hidden" name="membershipId" value={m.id} />
              <div className="nhsuk-checkboxes nhsuk-u-margin-bottom-2">
                <div className="nhsuk-checkboxes__item">
                  <input className="nhsuk-checkboxes__input" id={`resident-${m.id}`} name="residentVerified" type="checkbox" value="on" />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`resident-${m.id}`}>
                    I have checked that {m.user.displayName} lives in the city
                  </label>
                </div>
              </div>
              <TextInput
                name="reason"
                id={`reason-${m.id}`}
                label="Reason (needed to decline)"
                defaultValue={replyTo(m.id)?.values?.reason}
                error={replyTo(m.id)?.errors?.reason}
              />
              <Button name="intent" value="verify">
                Verify membership<span className="nhsuk-u-visually-hidden"> of {m.user.displayName}</span>
              </Button>{" "}
              <Button secondary name="intent" value="decline">
                Decline<span className="nhsuk-u-visually-hidden"> {m.user.displayName}</span>
              </Button>
            </Form>
          </li>
        ))}
      </ul>
      <h2>Members ({members.length})</h2>
      <ResponsiveTable captionClassName="nhsuk-u-visually-hidden" caption="Current members" head={["Member", "Category", "Verified", "End membership"]}>
        {members.map((m) => (
          <Row key={m.id}>
            <Cell heading="Member">
              {m.user.displayName}
              <br />
              <span className="nhsuk-body-s">{m.postcode}</span>
            </Cell>
            <Cell heading="Category">{FORUM_CATEGORY_LABELS[m.category]}</Cell>
            <Cell heading="Verified">
              {m.decidedAt ? formatDate(m.decidedAt) : ""}
              {m.decidedBy ? ` by ${m.decidedBy.displayName}` : ""}
              {m.residentVerified ? ", residency checked" : ", residency not checked"}
            </Cell>
            <Cell heading="End membership">
              <Form method="post" noValidate>
                <input type="hidden" name="intent" value="end" />
                <input type="hidden" name="membershipId" value={m.id} />
                <FieldGroup id={`end-${m.id}`} label="Reason" labelClassName="nhsuk-label nhsuk-body-s" error={replyTo(m.id)?.errors?.reason}>
                  <input
                    className={`nhsuk-input nhsuk-input--width-20${replyTo(m.id)?.errors?.reason ? " nhsuk-input--error" : ""}`}
                    id={`end-${m.id}`}
                    name="reason"
                    defaultValue={replyTo(m.id)?.values?.reason}
                    aria-describedby={replyTo(m.id)?.errors?.reason ? `end-${m.id}-error` : undefined}
                  />
                </FieldGroup>
                <button type="submit" className="app-link-button">
                  End<span className="nhsuk-u-visually-hidden"> {m.user.displayName}&apos;s membership</span>
                </button>
              </Form>
            </Cell>
          </Row>
        ))}
      </ResponsiveTable>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Forum applications and members - Touchstone" }];

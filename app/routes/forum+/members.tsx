import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button } from "~/components/ui/fields";
import { DecideSchema, FORUM_CATEGORY_LABELS } from "~/features/forum/membership.schema";
import { decideMembership, listMemberships } from "~/features/forum/membership.server";
import { formatDate } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { requirePermission } from "~/utils/permissions.server";
import { Cell, ResponsiveTable, Row } from "~/components/ui/responsive-table";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "verify:forum-membership:any");
  return json({ memberships: await listMemberships() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const officer = requirePermission(context, request, "verify:forum-membership:any");
  const formData = await request.formData();
  const form = parseForm(formData, DecideSchema);
  const membershipId = String(formData.get("membershipId") ?? "");
  if (!form.success) return json({ membershipId, errors: form.errors as FieldErrors }, { status: 400 });
  const result = await decideMembership(officer, form.data, context.publisher);
  if (!result.ok) return json({ membershipId, errors: result.errors as FieldErrors }, { status: result.status });
  return redirect("/forum/members");
}

export default function Members() {
  const { memberships } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const pending = memberships.filter((m) => m.status === "PENDING");
  const members = memberships.filter((m) => m.status === "VERIFIED");
  return (
    <>
      <h1>Forum applications and members</h1>
      <h2>Waiting for a decision ({pending.length})</h2>
      {pending.length === 0 ? <p>None.</p> : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {pending.map((m) => (
          <li key={m.id}>
            <strong>{m.user.displayName}</strong> ({m.user.email}), {FORUM_CATEGORY_LABELS[m.category]}, {m.postcode}, applied {formatDate(m.appliedAt)}
            <Form method="post">
              <ErrorSummary errors={reply?.membershipId === m.id ? reply.errors : null} />
              <input type="hidden" name="membershipId" value={m.id} />
              <div className="nhsuk-checkboxes nhsuk-u-margin-bottom-2">
                <div className="nhsuk-checkboxes__item">
                  <input className="nhsuk-checkboxes__input" id={`resident-${m.id}`} name="residentVerified" type="checkbox" value="on" />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`resident-${m.id}`}>I have checked that {m.user.displayName} lives in the city</label>
                </div>
              </div>
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor={`reason-${m.id}`}>Reason (needed to decline)</label>
                <input className="nhsuk-input" id={`reason-${m.id}`} name="reason" />
              </div>
              <Button name="intent" value="verify">Verify membership<span className="nhsuk-u-visually-hidden"> of {m.user.displayName}</span></Button>{" "}
              <Button secondary name="intent" value="decline">Decline<span className="nhsuk-u-visually-hidden"> {m.user.displayName}</span></Button>
            </Form>
          </li>
        ))}
      </ul>
      <h2>Members ({members.length})</h2>
      <ResponsiveTable captionClassName="nhsuk-u-visually-hidden" caption="Current members" head={["Member", "Category", "Verified", "End membership"]}>
          {members.map((m) => (
            <Row key={m.id}>
              <Cell heading="Member">{m.user.displayName}<br /><span className="nhsuk-body-s">{m.postcode}</span></Cell>
              <Cell heading="Category">{FORUM_CATEGORY_LABELS[m.category]}</Cell>
              <Cell heading="Verified">
                {m.decidedAt ? formatDate(m.decidedAt) : ""}{m.decidedBy ? ` by ${m.decidedBy.displayName}` : ""}
                {m.residentVerified ? ", residency checked" : ", residency not checked"}
              </Cell>
              <Cell heading="End membership">
                <Form method="post">
                  <input type="hidden" name="intent" value="end" />
                  <input type="hidden" name="membershipId" value={m.id} />
                  <label className="nhsuk-label nhsuk-body-s" htmlFor={`end-${m.id}`}>Reason</label>
                  <input className="nhsuk-input nhsuk-input--width-20" id={`end-${m.id}`} name="reason" />
                  {reply?.membershipId === m.id ? <p className="nhsuk-error-message">{Object.values(reply.errors).flat()[0]}</p> : null}
                  <button type="submit" className="app-link-button">End<span className="nhsuk-u-visually-hidden"> {m.user.displayName}&apos;s membership</span></button>
                </Form>
              </Cell>
            </Row>
          ))}
      </ResponsiveTable>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Forum applications and members - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, TextInput } from "#app/components/ui/fields";
import { ACCESS_NEEDS, CapacitySchema } from "#app/features/meetings/meetings.schema";
import { attendees, changeCapacity, describeSummary } from "#app/features/meetings/registrations.server";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requirePermission(context, request, "organise:meeting:any");
  const list = await attendees(viewer, params.slug ?? "");
  if (!list) throw new Response("Not found", { status: 404 });
  return json({ ...list, summaryLines: describeSummary(list.summary) });
}

// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requirePermission(context, request, "organise:meeting:any"), slug: params.slug ?? "" }),
  (intent) => ({
    capacity: intent({
      schema: CapacitySchema,
      run: (input, { actor, slug }) => changeCapacity(actor, slug, input.capacity),
      success: (changed, _input, { slug }) => redirect(`/meetings/${slug}/organise?promoted=${changed.promoted}`),
    }),
  }),
);

const label = (key: string) => ACCESS_NEEDS.find((n) => n.key === key)?.summary ?? key;

export default function Organise() {
  const { meeting, registrations, counts, summaryLines } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("capacity");
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/meetings/${meeting.slug}`}>
          {meeting.title}
        </Link>
      </div>
      <h1>Organise: {meeting.title}</h1>
      <SummaryList>
        <SummaryRow label="Confirmed" data-testid="confirmed">
          {counts.confirmed} registrations, {counts.confirmedPlaces} of {meeting.capacity} places
        </SummaryRow>
        <SummaryRow label="Waiting list">{counts.waiting}</SummaryRow>
        <SummaryRow label="Cancelled">{counts.cancelled}</SummaryRow>
        <SummaryRow label="Attended">{counts.attended}</SummaryRow>
        <SummaryRow label="To arrange">{summaryLines.length ? summaryLines.join(", ") : "No access needs given"}</SummaryRow>
      </SummaryList>
      <p>
        <Link className="nhsuk-button" to={`/meetings/${meeting.slug}/check-in`}>
          Door check-in
        </Link>{" "}
        <Link to={`/meetings/${meeting.slug}/edit`}>Edit the meeting</Link>{" "}
        <a href={`/meetings/${meeting.slug}/attendees.csv`} download>
          Download everything (CSV)
        </a>
      </p>
      <Form method="post">
        <ErrorSummary errors={reply?.errors} />
        <input type="hidden" name="intent" value="capacity" />
        <TextInput
          name="capacity"
          label="Capacity"
          hint="Raising it confirms people from the waiting list straight away."
          width={10}
          defaultValue={String(meeting.capacity)}
          error={reply?.errors?.capacity}
        />
        <Button secondary>Change capacity</Button>
      </Form>
      <ResponsiveTable caption="Registrations" head={["Name", "Status", "Access needs"]}>
        {registrations.map((r) => (
          <Row key={r.id}>
            <Cell heading="Name">
              {r.name}
              <br />
              <span className="nhsuk-body-s">
                {r.email}, code {r.code}
                {r.places > 1 ? ", with a supporter" : ""}
              </span>
            </Cell>
            <Cell heading="Status">
              {r.status.toLowerCase()}
              {r.attendedAt ? `, attended ${formatDateTime(r.attendedAt)}` : ""}
            </Cell>
            <Cell heading="Access needs">
              {[...r.accessNeeds.map(label), r.accessOther].filter(Boolean).join("; ") || (meeting.accessNeedsErasedAt ? "Erased" : "None")}
            </Cell>
          </Row>
        ))}
      </ResponsiveTable>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Organise: ${data?.meeting.title ?? "meeting"} - Touchstone` }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Radios, TextInput } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { REPORT_SECTIONS, ReportSchema } from "#app/features/governance/meeting-business.schema";
import { createReport, findMeetingForReport } from "#app/features/governance/reports.server";
import { formatDate } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";
import { firstMessage } from "#app/utils/results";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requirePermission(context, request, "manage:body:any");
  const found = await findMeetingForReport(actor, params.slug ?? "", params.meetingId ?? "");
  if (!found.ok) throw new Response(firstMessage(found), { status: found.status });
  return json({ meeting: found.meeting });
}

export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({
    actor: requirePermission(context, request, "manage:body:any"),
    bodySlug: params.slug ?? "",
    meetingId: params.meetingId ?? "",
  }),
  (intent) => ({
    report: intent({
      schema: ReportSchema,
      run: (input, { actor, bodySlug, meetingId }) => createReport(actor, bodySlug, meetingId, input),
      success: (made, _input, { bodySlug }) => redirect(`/bodies/${bodySlug}/reports/${made.reportId}`),
    }),
  }),
);

const ORDER = [
  "title",
  "portfolio",
  "service",
  "wards",
  "keyDecision",
  "forwardPlan",
  "summary",
  "recommendations",
  "contactOfficer",
  "officerSignOff",
  "officerSignedOn",
  "portfolioHolderSignOff",
  "holderSignedOn",
];
const YES_NO = [
  { value: "yes", label: "Yes" },
  { value: "no", label: "No" },
];

export default function NewReport() {
  const { meeting } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  const e = reply?.errors ?? undefined;
  const v = reply?.values ?? {};
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/bodies/${meeting.body.slug}/meetings/${meeting.id}`}>
          {meeting.title}, {formatDate(meeting.startsAt)}
        </Link>
      </div>
      <h1>A report to {meeting.body.name}</h1>
      <Form method="post">
        <ErrorSummary errors={e} fieldOrder={ORDER} />
        <TextInput name="title" label="Title" error={e?.title} defaultValue={v.title} />
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="itemId">
            Agenda item
          </label>
          <select className="nhsuk-select" id="itemId" name="itemId" defaultValue={v.itemId ?? ""}>
            <option value="">Not on a particular item</option>
            {meeting.agendaItems.map((i) => (
              <option key={i.id} value={i.id}>
                {i.position}. {i.title}
              </option>
            ))}
          </select>
        </div>
        <TextInput name="portfolio" label="Portfolio" error={e?.portfolio} defaultValue={v.portfolio} />
        <TextInput name="service" label="Service" error={e?.service} defaultValue={v.service} />
        <TextInput name="wards" label="Wards" hint="Or “All”" error={e?.wards} defaultValue={v.wards} />
        <Radios name="keyDecision" legend="Is this a key decision?" options={YES_NO} error={e?.keyDecision} defaultValue={v.keyDecision} />
        <Radios name="forwardPlan" legend="Is it in the forward plan?" options={YES_NO} error={e?.forwardPlan} defaultValue={v.forwardPlan} />
        <Textarea name="summary" label="Summary" error={e?.summary} defaultValue={v.summary} />
        <Textarea
          name="recommendations"
          label="Recommendations"
          hint="One a line; they are numbered in order."
          error={e?.recommendations}
          defaultValue={v.recommendations}
        />
        {REPORT_SECTIONS.map(([key, label]) => (
          <Textarea key={key} name={key} label={`${label} (optional)`} error={e?.[key]} defaultValue={v[key]} rows={3} />
        ))}
        <TextInput name="contactOfficer" label="Contact officer" error={e?.contactOfficer} defaultValue={v.contactOfficer} />
        <TextInput name="officerSignOff" label="Signed off by the responsible officer" error={e?.officerSignOff} defaultValue={v.officerSignOff} />
        <TextInput name="officerSignedOn" label="On (YYYY-MM-DD)" width={10} error={e?.officerSignedOn} defaultValue={v.officerSignedOn} />
        <TextInput
          name="portfolioHolderSignOff"
          label="Signed off by the portfolio holder"
          error={e?.portfolioHolderSignOff}
          defaultValue={v.portfolioHolderSignOff}
        />
        <TextInput name="holderSignedOn" id="holderSignedOn" label="On (YYYY-MM-DD) " width={10} error={e?.holderSignedOn} defaultValue={v.holderSignedOn} />
        <Button>Add the report</Button>
      </Form>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "A new report - Touchstone" }];

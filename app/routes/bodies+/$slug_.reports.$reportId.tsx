import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Radios } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { OUTCOME_LABELS, RecommendationDecisionSchema, REPORT_SECTIONS } from "#app/features/governance/meeting-business.schema";
import { decideRecommendation, findReport } from "#app/features/governance/reports.server";
import { formatDate } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await findReport(context.user, params.slug ?? "", params.reportId ?? "");
  if (!found) throw new Response("Not found", { status: 404 });
  return json(found);
}

/** Each recommendation has its own form: the reply names the one it answers. */
const recommendationForm = (recommendationId: string) => `recommendation-${recommendationId}`;

export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requirePermission(context, request, "manage:body:any"), bodySlug: params.slug ?? "" }),
  (intent) => ({
    "decide-recommendation": intent({
      schema: RecommendationDecisionSchema,
      form: (fields) => recommendationForm(String(fields.recommendationId ?? "")),
      run: (input, { actor, bodySlug }) => decideRecommendation(actor, bodySlug, input),
    }),
  }),
);

const OUTCOMES = Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }));

export default function Report() {
  const { report, secretary } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/bodies/${report.meeting.body.slug}/meetings/${report.meeting.id}`}>
          {report.meeting.body.name}: {report.meeting.title}, {formatDate(report.meeting.startsAt)}
        </Link>
      </div>
      <span className="nhsuk-caption-l">Report to {report.meeting.body.name}</span>
      <h1>{report.title}</h1>
      <SummaryList>
        {[
          ["Meeting", `${report.meeting.title}, ${formatDate(report.meeting.startsAt)}`],
          ["Portfolio", report.portfolio],
          ["Service", report.service],
          ["Wards", report.wards],
          ["Key decision", report.keyDecision ? "Yes" : "No"],
          ["Forward plan", report.forwardPlan ? "Yes" : "No"],
        ].map(([key, value]) => (
          <SummaryRow key={key} label={key}>
            {value}
          </SummaryRow>
        ))}
      </SummaryList>
      <h2>Summary</h2>
      <p style={{ whiteSpace: "pre-wrap" }}>{report.summary}</p>
      <h2>Recommendations</h2>
      <ol className="nhsuk-list">
        {report.recommendations.map((r) => {
          const errors = reply?.form === recommendationForm(r.id) ? reply.errors : null;
          return (
            <li key={r.id} className="app-section" data-testid="recommendation">
              <p>
                <strong>{r.number}.</strong> {r.text}
              </p>
              {r.outcome ? (
                <p>
                  <strong className="nhsuk-tag nhsuk-tag--grey app-badge">{OUTCOME_LABELS[r.outcome]}</strong>
                  {r.amendedText ? ` As amended: ${r.amendedText}` : ""} {r.ref ? `(decision ${r.ref})` : ""}
                </p>
              ) : secretary ? (
                <Form method="post">
                  {errors ? <ErrorSummary errors={Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? k : `${k}-${r.id}`, v]))} /> : null}
                  <input type="hidden" name="intent" value="decide-recommendation" />
                  <input type="hidden" name="recommendationId" value={r.id} />
                  <Radios
                    name="outcome"
                    id={`outcome-${r.id}`}
                    legend={`What was decided on recommendation ${r.number}?`}
                    options={OUTCOMES}
                    error={errors?.outcome}
                  />
                  <Textarea
                    id={`amendedText-${r.id}`}
                    name="amendedText"
                    label="If amended, the recommendation as amended"
                    error={errors?.amendedText}
                    rows={2}
                  />
                  <Button secondary>Record the decision</Button>
                </Form>
              ) : (
                <p className="nhsuk-body-s">Not yet decided.</p>
              )}
            </li>
          );
        })}
      </ol>
      {REPORT_SECTIONS.filter(([key]) => report[key]).map(([key, label]) => (
        <section key={key} aria-labelledby={`section-${key}`}>
          <h2 id={`section-${key}`}>{label}</h2>
          <p style={{ whiteSpace: "pre-wrap" }}>{report[key]}</p>
        </section>
      ))}
      <h2>Contact and sign-off</h2>
      <p>Contact officer: {report.contactOfficer}.</p>
      <p>
        Signed off by {report.officerSignOff}
        {report.officerSignedOn ? ` on ${formatDate(report.officerSignedOn)}` : ""} (responsible officer) and {report.portfolioHolderSignOff}
        {report.holderSignedOn ? ` on ${formatDate(report.holderSignedOn)}` : ""} (portfolio holder).
      </p>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.report.title ?? "Report"} - Touchstone` }];

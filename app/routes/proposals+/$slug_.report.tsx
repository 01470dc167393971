import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { findReport } from "#app/features/analysis/outcome.server";
import { Breakdown, KeyQuotes } from "#app/features/analysis/ui/breakdown";
import { YouSaidWeDid } from "#app/features/analysis/ui/you-said-we-did";
import { formatDate } from "#app/utils/dates";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";
import { CHANNEL_REPORT_LABELS } from "#app/features/consultations/respondents";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const report = await findReport(params.slug ?? "", context.user);
  if (!report) throw new Response("Not found", { status: 404 });
  return json(report);
}

export default function ConsultationReport() {
  const report = useLoaderData<typeof loader>();
  const { proposal } = report;
  return (
    <>
      <div className="nhsuk-back-link app-no-print">
        <Link className="nhsuk-back-link__link" to={`/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <span className="nhsuk-caption-l">Consultation report</span>
      <h1>{proposal.title}</h1>
      <p className="app-no-print">
        <a href={`/proposals/${proposal.slug}/report.pdf`} download>
          Download as PDF
        </a>{" "}
        · or print this page
      </p>
      {!report.publishedAt ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">Draft</h2>
          <p>The outcome has not been published: only commissioners can see this report.</p>
        </div>
      ) : null}
      <SummaryList>
        <SummaryRow label="Discussion period">
          {proposal.discussionOpensAt && proposal.discussionClosesAt
            ? `${formatDate(proposal.discussionOpensAt)} to ${formatDate(proposal.discussionClosesAt)}`
            : "Not set"}
        </SummaryRow>
        {report.publishedAt ? <SummaryRow label="Outcome published">{formatDate(report.publishedAt)}</SummaryRow> : null}
      </SummaryList>

      <h2>Who took part</h2>
      <ResponsiveTable
        testId="participation"
        captionClassName="nhsuk-u-visually-hidden"
        caption="People and comments by stakeholder type"
        head={["Stakeholder type", "People", "Comments"]}
      >
        {report.participation.map((row) => (
          <Row key={row.stakeholder}>
            <Cell heading="Stakeholder type">{STAKEHOLDER_TYPE_LABELS[row.stakeholder]}</Cell>
            <Cell heading="People">{row.people}</Cell>
            <Cell heading="Comments">{row.comments}</Cell>
          </Row>
        ))}
      </ResponsiveTable>
      <ResponsiveTable
        testId="by-channel"
        captionClassName="nhsuk-table__caption--s"
        caption="Responses by how they were received"
        head={["Received", "Responses"]}
      >
        {report.byChannel.map((row) => (
          <Row key={row.channel}>
            <Cell heading="Received">{CHANNEL_REPORT_LABELS[row.channel]}</Cell>
            <Cell heading="Responses">{row.comments}</Cell>
          </Row>
        ))}
      </ResponsiveTable>
      {report.organisations.length ? <p>Organisations that responded: {report.organisations.join(", ")}.</p> : null}
      {report.meetings.length ? (
        <ul className="nhsuk-list">
          {report.meetings.map((m) => (
            <li key={m.slug}>
              <Link to={`/meetings/${m.slug}`}>{m.title}</Link> ({formatDate(m.startsAt)}): {m.registered} registered, {m.attended} attended
            </li>
          ))}
        </ul>
      ) : null}

      {report.outcome.overview ? (
        <>
          <h2>Overview</h2>
          {report.outcome.overview.split(/\n{2,}/).map((paragraph, i) => (
            <p key={i}>{paragraph}</p>
          ))}
        </>
      ) : null}

      <h2>Themes</h2>
      {report.themes.map((theme) => (
        <section key={theme.id} className="app-section" aria-labelledby={`report-theme-${theme.id}`}>
          <h3 id={`report-theme-${theme.id}`}>{theme.name}</h3>
          <Breakdown counts={theme.counts} caption={`Comments on ${theme.name}`} />
          <KeyQuotes quotes={theme.quotes} />
        </section>
      ))}

      <h2>What we did</h2>
      <YouSaidWeDid slug={proposal.slug} themes={report.themes} />

      <h2>Feedback by section</h2>
      {report.sections
        .filter((s) => s.counts.total > 0 || s.summary)
        .map((section) => (
          <section key={section.number} className="app-section" aria-labelledby={`report-section-${section.number}`}>
            <h3 id={`report-section-${section.number}`}>{section.number === "general" ? section.heading : `Section ${section.number}: ${section.heading}`}</h3>
            <p>
              {section.counts.total} {section.counts.total === 1 ? "comment" : "comments"}.
            </p>
            {section.summary ? <p>{section.summary}</p> : null}
          </section>
        ))}

      {report.versions.length ? (
        <>
          <h2>Changes made</h2>
          <ul className="nhsuk-list">
            {report.versions.map((v) => (
              <li key={v.number}>
                <Link to={`/proposals/${proposal.slug}/changes?from=${v.number - 1}&to=${v.number}`}>Version {v.number}</Link> ({formatDate(v.publishedAt)}):{" "}
                {v.changeNote}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Consultation report: ${data?.proposal.title ?? "proposal"} - Touchstone` }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { findReport } from "#app/features/analysis/outcome.server";
import { YouSaidWeDid } from "#app/features/analysis/ui/you-said-we-did";
import { formatDate } from "#app/utils/dates";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const report = await findReport(params.slug ?? "", context.user);
  if (!report) throw new Response("Not found", { status: 404 });
  return json(report);
}

export default function Outcome() {
  const { proposal, publishedAt, outcome, participation, themes, versions } = useLoaderData<typeof loader>();
  const people = participation.reduce((sum, row) => sum + row.people, 0);
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <span className="nhsuk-caption-l">We asked, you said, we did</span>
      <h1>What we did with your feedback</h1>
      {publishedAt ? (
        <p className="nhsuk-body-s">Published {formatDate(publishedAt)}</p>
      ) : (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">Not published</h2>
          <p>Only commissioners can see this page until the outcome is published.</p>
        </div>
      )}
      <h2>We asked</h2>
      <p>
        For your views on {proposal.title}
        {proposal.discussionOpensAt && proposal.discussionClosesAt
          ? `, from ${formatDate(proposal.discussionOpensAt)} to ${formatDate(proposal.discussionClosesAt)}`
          : ""}
        . {people} {people === 1 ? "person" : "people"} took part:{" "}
        {participation.map((row) => `${row.people} ${STAKEHOLDER_TYPE_LABELS[row.stakeholder].toLowerCase()}`).join(", ")}.
      </p>
      {outcome.overview.split(/\n{2,}/).map((paragraph, i) => (
        <p key={i}>{paragraph}</p>
      ))}
      <YouSaidWeDid slug={proposal.slug} themes={themes} />
      {versions.length ? (
        <>
          <h2>Changes to the proposal</h2>
          <ul className="nhsuk-list">
            {versions.map((v) => (
              <li key={v.number}>
                <Link to={`/proposals/${proposal.slug}/changes?from=${v.number - 1}&to=${v.number}`}>Version {v.number}</Link> ({formatDate(v.publishedAt)}):{" "}
                {v.changeNote}
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>
        <Link to={`/proposals/${proposal.slug}/report`}>The full consultation report</Link> ·{" "}
        <a href={`/proposals/${proposal.slug}/report.pdf`} download>
          Download the report (PDF)
        </a>
      </p>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `What we did with your feedback: ${data?.proposal.title ?? "proposal"} - Touchstone` },
];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { z } from "zod";
import { findVersionComparison } from "#app/features/analysis/version-diff.server";

const Query = z.object({
  from: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
  to: z.coerce.number().int().min(1).max(10_000).optional().catch(undefined),
});

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const query = Query.parse(Object.fromEntries(new URL(request.url).searchParams));
  const comparison = await findVersionComparison(params.slug ?? "", context.user, query.from, query.to);
  if (!comparison) throw new Response("Not found", { status: 404 });
  return json(comparison);
}

const CHANGE_LABELS = { unchanged: "Unchanged", changed: "Changed", added: "New section", removed: "Removed" } as const;

export default function Changes() {
  const { proposal, versions, from, to, sections, changeNote } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <h1>What changed between versions</h1>
      {versions.length < 2 ? <p>There is only one version of this proposal.</p> : null}
      <Form method="get" className="app-filter">
        {(["from", "to"] as const).map((field) => (
          <div className="nhsuk-form-group app-filter__item" key={field}>
            <label className="nhsuk-label" htmlFor={field}>
              {field === "from" ? "Earlier version" : "Later version"}
            </label>
            <select className="nhsuk-select" id={field} name={field} defaultValue={String(field === "from" ? from : to)}>
              {versions.map((n) => (
                <option key={n} value={n}>
                  Version {n}
                </option>
              ))}
            </select>
          </div>
        ))}
        <div className="app-filter__item">
          <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
            Compare
          </button>
        </div>
      </Form>
      {sections === null ? (
        <p>Choose two versions of this proposal.</p>
      ) : (
        <>
          {changeNote ? (
            <p>
              What changed in version {to}: {changeNote}
            </p>
          ) : null}
          <p className="nhsuk-body-s">
            Added words are <ins>underlined</ins> and removed words are <del>struck through</del>; screen readers announce each.
          </p>
          {sections.map((section) => (
            <section
              key={`${section.change}-${section.number}`}
              id={`section-${section.number}`}
              className="app-section"
              aria-labelledby={`heading-${section.number}-${section.change}`}
            >
              <h2 id={`heading-${section.number}-${section.change}`} className="nhsuk-heading-m">
                {section.number}. {section.heading} <strong className="nhsuk-tag nhsuk-tag--grey">{CHANGE_LABELS[section.change]}</strong>
              </h2>
              {section.headingBefore ? <p className="nhsuk-body-s">Previously headed “{section.headingBefore}”.</p> : null}
              {section.change === "unchanged" ? (
                <p className="nhsuk-body-s">No change to this section.</p>
              ) : (
                <p className="app-diff" style={{ whiteSpace: "pre-wrap" }}>
                  {section.pieces.map((piece, i) =>
                    piece.kind === "added" ? (
                      <ins key={i}>
                        <span className="nhsuk-u-visually-hidden">[added: </span>
                        {piece.text}
                        <span className="nhsuk-u-visually-hidden">]</span>
                      </ins>
                    ) : piece.kind === "removed" ? (
                      <del key={i}>
                        <span className="nhsuk-u-visually-hidden">[removed: </span>
                        {piece.text}
                        <span className="nhsuk-u-visually-hidden">]</span>
                      </del>
                    ) : (
                      <span key={i}>{piece.text}</span>
                    ),
                  )}
                </p>
              )}
              {section.themes.length ? <p className="nhsuk-body-s">Changed in response to feedback on: {section.themes.join(", ")}</p> : null}
            </section>
          ))}
        </>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `What changed: ${data?.proposal.title ?? "proposal"} - Touchstone` }];

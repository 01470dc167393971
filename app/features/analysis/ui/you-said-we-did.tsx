import { Link } from "@remix-run/react";
import { THEME_RESPONSE_LABELS } from "#app/features/analysis/analysis.schema";
import type { Report } from "#app/features/analysis/outcome.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";

type Theme = Report["themes"][number];

/** The "you said, we did" table: each theme, what was done, the comments and changes behind it. */
export function YouSaidWeDid({ slug, themes, links = true }: { slug: string; themes: Theme[]; links?: boolean }) {
  const answered = themes.filter((t) => t.response);
  if (answered.length === 0) return <p>No response has been published yet.</p>;
  return (
    <ResponsiveTable className="app-analysis-table" caption="You said, we did" head={["Theme", "You said", "We did"]}>
      {answered.map((theme) => (
        <Row key={theme.id} id={`theme-${theme.id}`}>
          <Cell heading="Theme" rowHeader>
            {theme.name}
            <br />
            <span className="nhsuk-body-s">
              {theme.counts.total} {theme.counts.total === 1 ? "comment" : "comments"}
            </span>
          </Cell>
          <Cell heading="You said">
            <p>{theme.summary}</p>
            {links && theme.sources.length ? (
              <details className="nhsuk-details nhsuk-u-margin-bottom-0">
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">
                    Comments behind this<span className="nhsuk-u-visually-hidden"> ({theme.name})</span>
                  </span>
                </summary>
                <div className="nhsuk-details__text">
                  <ul className="nhsuk-list">
                    {theme.sources.map((c) => (
                      <li key={c.id}>
                        <Link to={`/proposals/${slug}/comments/${c.id}`}>
                          {c.excerpt}
                          {c.excerpt.length >= 140 ? "…" : ""}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              </details>
            ) : null}
          </Cell>
          <Cell heading="We did">
            <strong className="nhsuk-tag nhsuk-tag--grey">{THEME_RESPONSE_LABELS[theme.response!]}</strong>
            <p>{theme.responseNote}</p>
            {theme.changedSections.length ? (
              <ul className="nhsuk-list nhsuk-body-s">
                {theme.changedSections.map((s) => (
                  <li key={`${s.version}-${s.number}`}>
                    {links ? (
                      <Link to={`/proposals/${slug}/changes?from=${s.version - 1}&to=${s.version}#section-${s.number}`}>
                        Version {s.version}, section {s.number}: {s.heading}
                      </Link>
                    ) : (
                      `Version ${s.version}, section ${s.number}: ${s.heading}`
                    )}
                  </li>
                ))}
              </ul>
            ) : null}
          </Cell>
        </Row>
      ))}
    </ResponsiveTable>
  );
}

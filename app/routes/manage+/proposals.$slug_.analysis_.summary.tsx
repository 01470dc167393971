import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "#app/components/bar-chart";
import { SectionSummarySchema } from "#app/features/analysis/analysis.schema";
import { loadSummary, saveSectionSummary } from "#app/features/analysis/summary.server";
import { AnalysisNav, LiveAnalysis } from "#app/features/analysis/ui/analysis-nav";
import { AutosaveTextarea } from "#app/features/analysis/ui/autosave-textarea";
import { Breakdown, KeyQuotes } from "#app/features/analysis/ui/breakdown";
import { requireAnalysis, sectionOptions } from "#app/features/analysis/workspace.server";
import { formAction } from "#app/utils/form-actions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  const summary = await loadSummary(proposal.id, sectionOptions(proposal));
  return json({ proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title }, userId: actor.id, ...summary });
}

export const action = /* @__PURE__ */ formAction(
  async ({ request, params, context }) => ({ ...(await requireAnalysis(context, request, params.slug)), publisher: context.publisher }),
  (intent) => ({
    // Saved as the commissioner types (AutosaveTextarea), and with its button without JavaScript.
    "section-summary": intent({
      schema: SectionSummarySchema,
      run: (input, { actor, proposal, publisher }) =>
        saveSectionSummary(actor, { id: proposal.id, sectionNumbers: sectionOptions(proposal).map((s) => s.number) }, input, publisher),
      success: (saved) => ({ result: { revision: saved.revision, savedAt: new Date().toISOString() } }),
    }),
  }),
);

export default function Summary() {
  const { proposal, sections, themes, userId } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/manage/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <h1>Summary of the feedback: {proposal.title}</h1>
      <AnalysisNav slug={proposal.slug} />
      <LiveAnalysis proposalId={proposal.id} userId={userId} />

      <h2>Comments per section</h2>
      <BarChart
        label="Comments per section"
        rows={sections.map((s) => ({ label: s.number === "general" ? s.heading : `${s.number}. ${s.heading}`, value: s.counts.total }))}
      />

      {themes.length ? (
        <>
          <h2>Comments per theme</h2>
          <BarChart label="Comments per theme" rows={themes.map((t) => ({ label: t.name, value: t.counts.total }))} />
        </>
      ) : null}

      <h2>By section</h2>
      {sections.map((section) => (
        <section key={section.number} className="app-section" aria-labelledby={`section-${section.number}`}>
          <h3 id={`section-${section.number}`}>{section.number === "general" ? section.heading : `Section ${section.number}: ${section.heading}`}</h3>
          <Breakdown counts={section.counts} caption={`Comments on ${section.heading}`} />
          <KeyQuotes quotes={section.quotes} />
          <AutosaveTextarea
            id={`summary-${section.number}`}
            name="text"
            label="Your summary of the feedback on this section"
            hidden={{ intent: "section-summary", sectionNumber: section.number }}
            value={section.summary}
            revision={section.revision}
          />
        </section>
      ))}

      <h2>By theme</h2>
      {themes.length === 0 ? <p>Tag comments with themes to see them here.</p> : null}
      {themes.map((theme) => (
        <section key={theme.id} className="app-section" aria-labelledby={`theme-${theme.id}`}>
          <h3 id={`theme-${theme.id}`}>{theme.name}</h3>
          <Breakdown counts={theme.counts} caption={`Comments tagged ${theme.name}`} chart />
          <KeyQuotes quotes={theme.quotes} />
          <p>
            <Link to={`/manage/proposals/${proposal.slug}/analysis/response#theme-${theme.id}`}>
              Write what people said and what was done about {theme.name}
            </Link>
          </p>
        </section>
      ))}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Summary: ${data?.proposal.title ?? "proposal"} - Touchstone` }];

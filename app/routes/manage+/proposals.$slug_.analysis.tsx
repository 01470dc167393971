import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useLocation } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { ErrorMessage } from "#app/components/ui/fields";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import { KeyQuoteSchema, TagSchema, WORKSPACE_PAGE_SIZE, WorkspaceFiltersSchema } from "#app/features/analysis/analysis.schema";
import { markKeyQuote, tagComments } from "#app/features/analysis/themes.server";
import { AnalysisNav, LiveAnalysis } from "#app/features/analysis/ui/analysis-nav";
import { GENERAL_SECTION, loadWorkspace, requireAnalysis, sectionOptions } from "#app/features/analysis/workspace.server";
import { STANCE_LABELS } from "#app/features/consultations/consultations.schema";
import { CHANNEL_LABELS } from "#app/features/consultations/respondents";
import { formatDate } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  const url = new URL(request.url);
  const filters = WorkspaceFiltersSchema.parse(Object.fromEntries([...url.searchParams].filter(([, v]) => v !== "")));
  const workspace = await loadWorkspace(proposal.id, filters);
  return json({
    proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title },
    sections: sectionOptions(proposal),
    filters,
    userId: actor.id,
    ...workspace,
  });
}

export const action = /* @__PURE__ */ formAction(
  async ({ request, params, context }) => ({ ...(await requireAnalysis(context, request, params.slug)), publisher: context.publisher }),
  (intent) => {
    // Both buttons of the bulk form send the same fields; the button says which way.
    const tag = intent({
      schema: TagSchema,
      form: "bulk-tag",
      run: (input, { actor, proposal, publisher }) => tagComments(actor, proposal.id, input, publisher),
      success: (_made, input) => {
        const n = input.commentIds.length;
        return { message: `${input.intent === "tag" ? "Tagged" : "Removed the theme from"} ${n} ${n === 1 ? "comment" : "comments"}` };
      },
    });
    return {
      tag,
      untag: tag,
      "key-quote": intent({
        schema: KeyQuoteSchema,
        run: (input, { actor, proposal, publisher }) => markKeyQuote(actor, proposal.id, input.commentId, input.keyQuote, publisher),
        success: (_made, input) => ({ message: input.keyQuote ? "Marked as a key quote" : "No longer a key quote" }),
      }),
    };
  },
);

const MODERATION_LABELS = { HIDDEN: "Hidden", PENDING: "Awaiting moderation" } as const;

export default function AnalysisWorkspace() {
  const { proposal, sections, filters, comments, matching, pages, progress, themes, userId } = useLoaderData<typeof loader>();
  // Every form here answers at the top of the page.
  const reply = useFormReply<typeof action>();
  const location = useLocation();
  const pageLink = (page: number) => {
    const search = new URLSearchParams(location.search);
    search.set("page", String(page));
    return `?${search}`;
  };
  const first = (filters.page - 1) * WORKSPACE_PAGE_SIZE + 1;
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/manage/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <h1>Analyse feedback: {proposal.title}</h1>
      <AnalysisNav slug={proposal.slug} />
      <LiveAnalysis proposalId={proposal.id} userId={userId} />
      <p>
        <label htmlFor="tag-progress" data-testid="tag-progress">
          {progress.tagged} of {progress.total} comments tagged
        </label>{" "}
        <progress id="tag-progress" max={Math.max(progress.total, 1)} value={progress.tagged} />
      </p>

      <details className="nhsuk-details" open={Object.values(filters).some((v) => v !== undefined && v !== 1)}>
        <summary className="nhsuk-details__summary">
          <span className="nhsuk-details__summary-text">Filter and search</span>
        </summary>
        <div className="nhsuk-details__text">
          <Form method="get" className="app-filter">
            <div className="nhsuk-form-group app-filter__item">
              <label className="nhsuk-label" htmlFor="q">
                Search the comments
              </label>
              <input className="nhsuk-input nhsuk-input--width-20" id="q" name="q" type="search" defaultValue={filters.q ?? ""} />
            </div>
            <FilterSelect
              name="section"
              label="Section"
              value={filters.section}
              options={[
                ...sections.map((s) => ({ value: s.number, label: `${s.number}. ${s.heading}` })),
                { value: GENERAL_SECTION, label: "The whole proposal" },
              ]}
            />
            <div className="nhsuk-form-group app-filter__item">
              <label className="nhsuk-label" htmlFor="paragraph">
                Paragraph
              </label>
              <input className="nhsuk-input nhsuk-input--width-3" id="paragraph" name="paragraph" inputMode="numeric" defaultValue={filters.paragraph ?? ""} />
            </div>
            <FilterSelect
              name="stakeholder"
              label="Stakeholder type"
              value={filters.stakeholder}
              options={Object.entries(STAKEHOLDER_TYPE_LABELS).map(([value, label]) => ({ value, label }))}
            />
            <FilterSelect
              name="stance"
              label="Stance"
              value={filters.stance}
              options={Object.entries(STANCE_LABELS).map(([value, label]) => ({ value, label }))}
            />
            <FilterSelect
              name="channel"
              label="Received by"
              value={filters.channel}
              options={Object.entries(CHANNEL_LABELS).map(([value, label]) => ({ value, label }))}
            />
            <FilterSelect name="theme" label="Theme" value={filters.theme} options={themes.map((t) => ({ value: t.id, label: t.name }))} />
            <div className="nhsuk-checkboxes__item app-filter__item">
              <input className="nhsuk-checkboxes__input" id="untagged" name="untagged" type="checkbox" value="1" defaultChecked={!!filters.untagged} />
              <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="untagged">
                Untagged only
              </label>
            </div>
            <div className="nhsuk-form-group app-filter__item">
              <label className="nhsuk-label" htmlFor="from">
                From
              </label>
              <input className="nhsuk-input" id="from" name="from" type="date" defaultValue={filters.from ?? ""} />
            </div>
            <div className="nhsuk-form-group app-filter__item">
              <label className="nhsuk-label" htmlFor="to">
                To
              </label>
              <input className="nhsuk-input" id="to" name="to" type="date" defaultValue={filters.to ?? ""} />
            </div>
            <div className="app-filter__item">
              <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
                Apply
              </button>{" "}
              <Link className="app-filter__clear" to={location.pathname}>
                Clear filters
              </Link>
            </div>
          </Form>
        </div>
      </details>

      <ErrorSummary errors={reply?.errors} />
      {reply?.message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{reply.message}</p>
        </div>
      ) : null}

      <Form method="post" id="bulk-tag" className="app-filter">
        <div className={`nhsuk-form-group app-filter__item${reply?.errors?.themeId ? " nhsuk-form-group--error" : ""}`}>
          <label className="nhsuk-label" htmlFor="themeId">
            Theme for the selected comments
          </label>
          <ErrorMessage id="themeId" error={reply?.errors?.themeId} />
          <select className="nhsuk-select" id="themeId" name="themeId" defaultValue="">
            <option value="">Choose a theme</option>
            {themes.map((t) => (
              <option key={t.id} value={t.id}>
                {t.name} ({t.comments})
              </option>
            ))}
          </select>
        </div>
        <div className="app-filter__item">
          <button className="nhsuk-button nhsuk-u-margin-bottom-0" type="submit" name="intent" value="tag">
            Tag selected
          </button>{" "}
          <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit" name="intent" value="untag">
            Remove theme from selected
          </button>
        </div>
        {themes.length === 0 ? (
          <p className="nhsuk-body-s app-filter__item">
            No themes yet: <Link to="themes">create themes or accept suggestions</Link>.
          </p>
        ) : null}
      </Form>

      <p id="commentIds" tabIndex={-1}>
        {matching === 0 ? "No comments match." : `Showing ${first} to ${first + comments.length - 1} of ${matching} ${matching === 1 ? "comment" : "comments"}`}
      </p>
      <ErrorMessage id="commentIds" error={reply?.errors?.commentIds} />
      <ResponsiveTable
        className="app-analysis-table"
        captionClassName="nhsuk-u-visually-hidden"
        caption={<>Comments on {proposal.title}</>}
        head={["Select", "Comment", "Themes"]}
      >
        {comments.map((c) => (
          <Row key={c.id} data-testid="analysis-comment">
            <Cell heading="Select">
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" form="bulk-tag" type="checkbox" name="commentIds" value={c.id} id={`select-${c.id}`} />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`select-${c.id}`}>
                  <span className="nhsuk-u-visually-hidden">
                    Select the comment by {c.author.displayName}: {c.body.slice(0, 40)}
                  </span>
                </label>
              </div>
            </Cell>
            <Cell heading="Comment">
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
                <strong>{c.author.displayName}</strong>, {STAKEHOLDER_TYPE_LABELS[c.author.stakeholderType]}
                {c.onBehalfOf ? ` for ${c.onBehalfOf}` : ""} · {c.section ? `Section ${c.section.number}` : "Whole proposal"}
                {c.paragraphIndex !== null ? `, paragraph ${c.paragraphIndex + 1}` : ""} · {formatDate(c.createdAt)}
                {c.parentId ? " · a reply" : ""}
              </p>
              <p className="nhsuk-u-margin-bottom-1">
                {c.channel !== "PLATFORM" ? (
                  <strong className="nhsuk-tag nhsuk-tag--purple app-badge" data-testid="channel">
                    Received by {CHANNEL_LABELS[c.channel].toLowerCase()}
                    {c.publicConsent ? "" : ", not for publication"}
                  </strong>
                ) : null}
                {c.stance ? <strong className="nhsuk-tag nhsuk-tag--blue app-badge">{STANCE_LABELS[c.stance]}</strong> : null}
                {c.moderation !== "VISIBLE" ? <strong className="nhsuk-tag nhsuk-tag--red app-badge">{MODERATION_LABELS[c.moderation]}</strong> : null}
                {c.reportCount > 0 ? (
                  <strong className="nhsuk-tag nhsuk-tag--orange app-badge">
                    Reported {c.reportCount} {c.reportCount === 1 ? "time" : "times"}
                  </strong>
                ) : null}
                {c.keyQuote ? <strong className="nhsuk-tag nhsuk-tag--green app-badge">Key quote</strong> : null}
              </p>
              <p className="nhsuk-u-margin-bottom-1">{c.body}</p>
              <Form method="post" className="app-inline-form">
                <input type="hidden" name="intent" value="key-quote" />
                <input type="hidden" name="commentId" value={c.id} />
                <input type="hidden" name="keyQuote" value={String(!c.keyQuote)} />
                <button className="app-link-button" type="submit">
                  {c.keyQuote ? "Remove from key quotes" : "Mark as a key quote"}
                </button>
              </Form>
            </Cell>
            <Cell heading="Themes">
              {c.themes.length ? (
                <ul className="app-tag-list">
                  {c.themes.map((t) => (
                    <li key={t.id}>
                      <strong className="nhsuk-tag nhsuk-tag--grey">{t.name}</strong>
                    </li>
                  ))}
                </ul>
              ) : (
                <span className="nhsuk-body-s">Untagged</span>
              )}
            </Cell>
          </Row>
        ))}
      </ResponsiveTable>
      {pages > 1 ? (
        <nav className="nhsuk-pagination" role="navigation" aria-label="Pages of comments">
          <ul className="nhsuk-list nhsuk-pagination__list">
            {filters.page > 1 ? (
              <li className="nhsuk-pagination-item--previous">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--prev" to={pageLink(filters.page - 1)}>
                  <span className="nhsuk-pagination__title">Previous</span>
                  <span className="nhsuk-pagination__page">
                    Page {filters.page - 1} of {pages}
                  </span>
                </Link>
              </li>
            ) : null}
            {filters.page < pages ? (
              <li className="nhsuk-pagination-item--next">
                <Link className="nhsuk-pagination__link nhsuk-pagination__link--next" to={pageLink(filters.page + 1)}>
                  <span className="nhsuk-pagination__title">Next</span>
                  <span className="nhsuk-pagination__page">
                    Page {filters.page + 1} of {pages}
                  </span>
                </Link>
              </li>
            ) : null}
          </ul>
        </nav>
      ) : null}
      <p>
        <a href={`/manage/proposals/${proposal.slug}/comments.csv`} download>
          Download every comment with its themes (CSV)
        </a>
      </p>
    </>
  );
}

function FilterSelect({
  name,
  label,
  value,
  options,
}: {
  name: string;
  label: string;
  value: string | undefined;
  options: { value: string; label: string }[];
}) {
  return (
    <div className="nhsuk-form-group app-filter__item">
      <label className="nhsuk-label" htmlFor={name}>
        {label}
      </label>
      <select className="nhsuk-select" id={name} name={name} defaultValue={value ?? ""}>
        <option value="">Any</option>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Analyse feedback: ${data?.proposal.title ?? "proposal"} - Touchstone` }];

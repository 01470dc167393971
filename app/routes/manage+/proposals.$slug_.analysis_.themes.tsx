import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, ErrorMessage, TextInput } from "#app/components/ui/fields";
import {
  AcceptSuggestionSchema,
  CreateThemeSchema,
  MergeSuggestionsSchema,
  MergeThemesSchema,
  RenameThemeSchema,
  SplitSuggestionSchema,
} from "#app/features/analysis/analysis.schema";
import { acceptSuggestion, createTheme, mergeThemes, renameTheme, suggestThemes } from "#app/features/analysis/themes.server";
import { AnalysisNav, LiveAnalysis } from "#app/features/analysis/ui/analysis-nav";
import { listThemes, requireAnalysis } from "#app/features/analysis/workspace.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import type { FieldErrors } from "#app/utils/forms";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  const suggest = new URL(request.url).searchParams.get("suggest") === "1";
  const [themes, suggested] = await Promise.all([listThemes(proposal.id), suggest ? suggestThemes(proposal.id) : null]);
  return json({ proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title }, themes, suggested, userId: actor.id });
}

export const action = /* @__PURE__ */ formAction(
  async ({ request, params, context }) => ({ ...(await requireAnalysis(context, request, params.slug)), publisher: context.publisher }),
  (intent) => ({
    "create-theme": intent({
      schema: CreateThemeSchema,
      run: (input, { actor, proposal, publisher }) => createTheme(actor, proposal.id, input.name, publisher),
      success: (_made, input) => ({ message: `Created the theme “${input.name}”` }),
    }),
    // Each theme has its own rename form.
    "rename-theme": intent({
      schema: RenameThemeSchema,
      form: (fields) => `rename-theme-${String(fields.themeId ?? "")}`,
      run: (input, { actor, proposal, publisher }) => renameTheme(actor, proposal.id, input.themeId, input.name, publisher),
      success: (_made, input) => ({ message: `Renamed the theme to “${input.name}”` }),
    }),
    "merge-themes": intent({
      schema: MergeThemesSchema,
      run: (input, { actor, proposal, publisher }) => mergeThemes(actor, proposal.id, input.sourceId, input.targetId, publisher),
      success: () => ({ message: "Merged the themes" }),
    }),
    // Each suggestion has its own accept and split forms.
    "accept-suggestion": intent({
      schema: AcceptSuggestionSchema,
      form: (fields) => `accept-suggestion-${String(fields.key ?? "")}`,
      run: (input, { actor, proposal, publisher }) => acceptSuggestion(actor, proposal.id, { kind: "accept", key: input.key, name: input.name }, publisher),
      success: (made, input) => ({ message: `Created the theme “${input.name}” and tagged ${made.tagged} comments` }),
    }),
    "merge-suggestions": intent({
      schema: MergeSuggestionsSchema,
      run: (input, { actor, proposal, publisher }) => acceptSuggestion(actor, proposal.id, { kind: "merge", keys: input.keys, name: input.name }, publisher),
      success: (made, input) => ({ message: `Merged the suggestions into the theme “${input.name}” and tagged ${made.tagged} comments` }),
    }),
    "split-suggestion": intent({
      schema: SplitSuggestionSchema,
      form: (fields) => `split-suggestion-${String(fields.key ?? "")}`,
      run: (input, { actor, proposal, publisher }) => acceptSuggestion(actor, proposal.id, { kind: "split", ...input }, publisher),
      success: (made, input) => ({ message: `Created the themes “${input.name}” and “${input.restName}” and tagged ${made.tagged} comments` }),
    }),
  }),
);

/** Where a form's fields carry an id of their own, its messages point at them (as the summary's links must). */
function withIds(errors: FieldErrors | null | undefined, ids: Record<string, string>): FieldErrors | undefined {
  return errors ? Object.fromEntries(Object.entries(errors).map(([field, messages]) => [ids[field] ?? field, messages])) : undefined;
}

export default function Themes() {
  const { proposal, themes, suggested, userId } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  // Every message is listed at the top; each also shows beside its field in the form it answers.
  const form = reply?.form ?? "";
  const themeId = form.startsWith("rename-theme-") ? form.slice("rename-theme-".length) : null;
  const acceptKey = form.startsWith("accept-suggestion-") ? form.slice("accept-suggestion-".length) : null;
  const splitKey = form.startsWith("split-suggestion-") ? form.slice("split-suggestion-".length) : null;
  const errors = withIds(
    reply?.errors,
    themeId !== null
      ? { name: `name-${themeId}` }
      : acceptKey !== null
        ? { name: `suggestion-${acceptKey}` }
        : splitKey !== null
          ? { alternative: `split-alternative-${splitKey}`, name: `split-name-${splitKey}`, restName: `split-restName-${splitKey}` }
          : form === "merge-suggestions"
            ? { name: "merge-name" }
            : {},
  );
  const errorsFor = (intent: string) => (form === intent || form.startsWith(`${intent}-`) ? errors : undefined);
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/manage/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <h1>Themes: {proposal.title}</h1>
      <AnalysisNav slug={proposal.slug} />
      <LiveAnalysis proposalId={proposal.id} userId={userId} />
      <ErrorSummary errors={errors} />
      {reply?.message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{reply.message}</p>
        </div>
      ) : null}

      {themes.length ? (
        <ResponsiveTable caption="Themes" head={["Theme", "Comments", "Rename"]}>
          {themes.map((theme) => {
            const error = errorsFor("rename-theme")?.[`name-${theme.id}`];
            return (
              <Row key={theme.id}>
                <Cell heading="Theme">
                  <Link to={`/manage/proposals/${proposal.slug}/analysis?theme=${theme.id}`}>{theme.name}</Link>
                </Cell>
                <Cell heading="Comments">{theme.comments}</Cell>
                <Cell heading="Rename">
                  <Form method="post" className="app-inline-form">
                    <input type="hidden" name="intent" value="rename-theme" />
                    <input type="hidden" name="themeId" value={theme.id} />
                    <div className={`nhsuk-form-group nhsuk-u-margin-bottom-2${error ? " nhsuk-form-group--error" : ""}`}>
                      <label className="nhsuk-label nhsuk-u-visually-hidden" htmlFor={`name-${theme.id}`}>
                        New name for {theme.name}
                      </label>
                      <ErrorMessage id={`name-${theme.id}`} error={error} />
                      <input className="nhsuk-input nhsuk-input--width-20" id={`name-${theme.id}`} name="name" defaultValue={theme.name} />
                    </div>
                    <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2" type="submit">
                      Rename<span className="nhsuk-u-visually-hidden"> {theme.name}</span>
                    </button>
                  </Form>
                </Cell>
              </Row>
            );
          })}
        </ResponsiveTable>
      ) : (
        <p>There are no themes yet.</p>
      )}

      <h2>Create a theme</h2>
      <Form method="post">
        <input type="hidden" name="intent" value="create-theme" />
        <TextInput
          name="name"
          label="Theme name"
          hint="For example: Waiting times, Information for carers"
          width={30}
          error={errorsFor("create-theme")?.name}
          defaultValue={form === "create-theme" ? reply?.values?.name : undefined}
        />
        <Button>Create theme</Button>
      </Form>

      {themes.length > 1 ? (
        <>
          <h2>Merge two themes</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="merge-themes" />
            <p>Every comment tagged with the first theme is tagged with the second, and the first is removed.</p>
            <ThemeSelect name="sourceId" label="Merge this theme" themes={themes} error={errorsFor("merge-themes")?.sourceId} />
            <ThemeSelect name="targetId" label="Into this theme" themes={themes} error={errorsFor("merge-themes")?.targetId} />
            <Button secondary>Merge themes</Button>
          </Form>
        </>
      ) : null}

      <h2>Suggested themes</h2>
      <p>
        Touchstone groups comments that say similar things and names each group by the phrase most particular to it, in the words people used. Check each one:
        accept it as it is, rename it, split it by one of its phrases, or merge several into one theme. Accepting tags exactly the comments shown.
      </p>
      {suggested === null ? (
        <Form method="get">
          <input type="hidden" name="suggest" value="1" />
          <Button secondary>Suggest themes</Button>
        </Form>
      ) : suggested.suggestions.length === 0 ? (
        <p>No groups of similar comments were found.</p>
      ) : (
        <>
          <p data-testid="suggestion-coverage">
            {suggested.total - suggested.ungrouped} of {suggested.total} comments are in a suggestion; {suggested.ungrouped} not yet grouped.
          </p>
          <ol className="nhsuk-list" data-testid="suggestions">
            {suggested.suggestions.map((s) => (
              <li key={s.key} className="nhsuk-card">
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading">“{s.label}”</h3>
                  <p className="nhsuk-body-s">
                    {s.description} {Math.round(s.agreeShare * 100)}% of the agrees given to comments went to these.
                    {s.sections.length
                      ? ` Sections: ${s.sections
                          .slice(0, 3)
                          .map((x) => `${x.section} (${x.count})`)
                          .join(", ")}.`
                      : ""}
                  </p>
                  {s.alternatives.length ? (
                    <p className="nhsuk-body-s">Also described by: {s.alternatives.map((a) => `“${a.label}” (${a.comments})`).join(", ")}.</p>
                  ) : null}
                  <ul className="nhsuk-list">
                    {s.quotes.map((q) => (
                      <li key={q.id}>
                        <blockquote className="app-quote">{q.text}</blockquote>
                      </li>
                    ))}
                  </ul>
                  <Form method="post" className="app-filter">
                    <input type="hidden" name="intent" value="accept-suggestion" />
                    <input type="hidden" name="key" value={s.key} />
                    <div className="nhsuk-form-group app-filter__item">
                      <label className="nhsuk-label" htmlFor={`suggestion-${s.key}`}>
                        Theme name for “{s.label}”: {s.comments} comments
                      </label>
                      <ErrorMessage id={`suggestion-${s.key}`} error={errorsFor("accept-suggestion")?.[`suggestion-${s.key}`]} />
                      <input
                        className="nhsuk-input nhsuk-input--width-20"
                        id={`suggestion-${s.key}`}
                        name="name"
                        defaultValue={s.label.charAt(0).toUpperCase() + s.label.slice(1)}
                      />
                    </div>
                    <div className="app-filter__item">
                      <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
                        Accept<span className="nhsuk-u-visually-hidden"> “{s.label}”</span> as a theme
                      </button>
                    </div>
                  </Form>
                  <div className="nhsuk-checkboxes__item">
                    <input className="nhsuk-checkboxes__input" form="merge-suggestions" type="checkbox" name="keys" value={s.key} id={`merge-${s.key}`} />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`merge-${s.key}`}>
                      Include “{s.label}” in a merged theme
                    </label>
                  </div>
                  {s.alternatives.length ? (
                    <details className="nhsuk-details nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0">
                      <summary className="nhsuk-details__summary">
                        <span className="nhsuk-details__summary-text">Split “{s.label}” in two</span>
                      </summary>
                      <div className="nhsuk-details__text">
                        <Form method="post">
                          <input type="hidden" name="intent" value="split-suggestion" />
                          <input type="hidden" name="key" value={s.key} />
                          <div className="nhsuk-form-group">
                            <label className="nhsuk-label" htmlFor={`split-alternative-${s.key}`}>
                              Split off the comments that mention
                            </label>
                            <ErrorMessage id={`split-alternative-${s.key}`} error={errorsFor("split-suggestion")?.[`split-alternative-${s.key}`]} />
                            <select className="nhsuk-select" id={`split-alternative-${s.key}`} name="alternative">
                              {s.alternatives.map((a) => (
                                <option key={a.label} value={a.label}>
                                  {a.label} ({a.comments})
                                </option>
                              ))}
                            </select>
                          </div>
                          <TextInput
                            name="name"
                            id={`split-name-${s.key}`}
                            label="Name for those comments' theme"
                            width={20}
                            error={errorsFor("split-suggestion")?.[`split-name-${s.key}`]}
                          />
                          <TextInput
                            name="restName"
                            id={`split-restName-${s.key}`}
                            label="Name for the rest"
                            width={20}
                            defaultValue={s.label.charAt(0).toUpperCase() + s.label.slice(1)}
                            error={errorsFor("split-suggestion")?.[`split-restName-${s.key}`]}
                          />
                          <Button secondary>Split into two themes</Button>
                        </Form>
                      </div>
                    </details>
                  ) : null}
                </div>
              </li>
            ))}
          </ol>
          <Form method="post" id="merge-suggestions">
            <input type="hidden" name="intent" value="merge-suggestions" />
            <h3>Merge suggestions</h3>
            <ErrorMessage id="keys" error={errorsFor("merge-suggestions")?.keys} />
            <TextInput
              name="name"
              id="merge-name"
              label="Name for the merged theme"
              hint="Tick “Include in a merged theme” on two or more suggestions above."
              width={20}
              error={errorsFor("merge-suggestions")?.["merge-name"]}
            />
            <Button secondary>Merge the chosen suggestions</Button>
          </Form>
        </>
      )}
    </>
  );
}

function ThemeSelect({ name, label, themes, error }: { name: string; label: string; themes: { id: string; name: string }[]; error?: string[] }) {
  return (
    <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
      <label className="nhsuk-label" htmlFor={name}>
        {label}
      </label>
      <ErrorMessage id={name} error={error} />
      <select className="nhsuk-select" id={name} name={name} defaultValue="">
        <option value="">Choose a theme</option>
        {themes.map((t) => (
          <option key={t.id} value={t.id}>
            {t.name}
          </option>
        ))}
      </select>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Themes: ${data?.proposal.title ?? "proposal"} - Touchstone` }];

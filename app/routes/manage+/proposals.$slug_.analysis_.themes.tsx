import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button, ErrorMessage, TextInput } from "~/components/ui/fields";
import { AcceptSuggestionSchema, CreateThemeSchema, MergeSuggestionsSchema, MergeThemesSchema, RenameThemeSchema, SplitSuggestionSchema } from "~/features/analysis/analysis.schema";
import { acceptSuggestion, createTheme, mergeThemes, renameTheme, suggestThemes } from "~/features/analysis/themes.server";
import { AnalysisNav, LiveAnalysis } from "~/features/analysis/ui/analysis-nav";
import { listThemes, requireAnalysis } from "~/features/analysis/workspace.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { Cell, ResponsiveTable, Row } from "~/components/ui/responsive-table";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  const suggest = new URL(request.url).searchParams.get("suggest") === "1";
  const [themes, suggested] = await Promise.all([listThemes(proposal.id), suggest ? suggestThemes(proposal.id) : null]);
  return json({ proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title }, themes, suggested, userId: actor.id });
}

type Reply = { errors?: FieldErrors; values?: Record<string, string>; intent?: string; done?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const refused = (errors: FieldErrors, status: number, values?: Record<string, string>) => json<Reply>({ errors, values, intent }, { status });
  switch (intent) {
    case "create-theme": {
      const form = parseForm(formData, CreateThemeSchema);
      if (!form.success) return refused(form.errors, 400, form.values);
      const result = await createTheme(actor, proposal.id, form.data.name, context.publisher);
      return result.ok ? json<Reply>({ done: `Created the theme “${form.data.name}”` }) : refused(result.errors, result.status, { name: form.data.name });
    }
    case "rename-theme": {
      // Each theme has its own name field: errors point at that one.
      const field = `name-${formData.get("themeId")}`;
      const form = parseForm(formData, RenameThemeSchema);
      if (!form.success) return refused(rename(form.errors, "name", field), 400, form.values);
      const result = await renameTheme(actor, proposal.id, form.data.themeId, form.data.name, context.publisher);
      return result.ok ? json<Reply>({ done: `Renamed the theme to “${form.data.name}”` }) : refused(rename(result.errors, "name", field), result.status, { themeId: form.data.themeId });
    }
    case "merge-themes": {
      const form = parseForm(formData, MergeThemesSchema);
      if (!form.success) return refused(form.errors, 400);
      const result = await mergeThemes(actor, proposal.id, form.data.sourceId, form.data.targetId, context.publisher);
      return result.ok ? json<Reply>({ done: "Merged the themes" }) : refused(result.errors, result.status);
    }
    case "accept-suggestion": {
      // Each suggestion has its own name field: errors point at that one.
      const field = `suggestion-${formData.get("key")}`;
      const form = parseForm(formData, AcceptSuggestionSchema);
      if (!form.success) return refused(rename(form.errors, "name", field), 400, form.values);
      const result = await acceptSuggestion(actor, proposal.id, { kind: "accept", key: form.data.key, name: form.data.name }, context.publisher);
      return result.ok ? json<Reply>({ done: `Created the theme “${form.data.name}” and tagged ${result.tagged} comments` }) : refused(rename(result.errors, "name", field), result.status);
    }
    case "merge-suggestions": {
      const form = parseForm(formData, MergeSuggestionsSchema);
      if (!form.success) return refused(rename(form.errors, "name", "merge-name"), 400, form.values);
      const result = await acceptSuggestion(actor, proposal.id, { kind: "merge", keys: form.data.keys, name: form.data.name }, context.publisher);
      return result.ok ? json<Reply>({ done: `Merged the suggestions into the theme “${form.data.name}” and tagged ${result.tagged} comments` }) : refused(rename(result.errors, "name", "merge-name"), result.status);
    }
    case "split-suggestion": {
      const key = String(formData.get("key") ?? "");
      const form = parseForm(formData, SplitSuggestionSchema);
      const fields = (errors: FieldErrors) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? k : `split-${k}-${key}`, v]));
      if (!form.success) return refused(fields(form.errors), 400, form.values);
      const result = await acceptSuggestion(actor, proposal.id, { kind: "split", ...form.data }, context.publisher);
      return result.ok ? json<Reply>({ done: `Created the themes “${form.data.name}” and “${form.data.restName}” and tagged ${result.tagged} comments` }) : refused(fields(result.errors), result.status);
    }
    default:
      return refused({ form: ["Choose what to do"] }, 400);
  }
}

function rename(errors: FieldErrors, from: string, to: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([key, messages]) => [key === from ? to : key, messages]));
}

export default function Themes() {
  const { proposal, themes, suggested, userId } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const errorsFor = (intent: string) => (reply?.intent === intent ? reply.errors : undefined);
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/manage/proposals/${proposal.slug}`}>{proposal.title}</Link>
      </div>
      <h1>Themes: {proposal.title}</h1>
      <AnalysisNav slug={proposal.slug} />
      <LiveAnalysis proposalId={proposal.id} userId={userId} />
      <ErrorSummary errors={reply?.errors} />
      {reply?.done ? <div className="nhsuk-inset-text" role="status"><p>{reply.done}</p></div> : null}

      {themes.length ? (
        <ResponsiveTable caption="Themes" head={["Theme", "Comments", "Rename"]}>
            {themes.map((theme) => {
              const error = errorsFor("rename-theme")?.[`name-${theme.id}`];
              return (
                <Row key={theme.id}>
                  <Cell heading="Theme"><Link to={`/manage/proposals/${proposal.slug}/analysis?theme=${theme.id}`}>{theme.name}</Link></Cell>
                  <Cell heading="Comments">{theme.comments}</Cell>
                  <Cell heading="Rename">
                    <Form method="post" className="app-inline-form">
                      <input type="hidden" name="intent" value="rename-theme" />
                      <input type="hidden" name="themeId" value={theme.id} />
                      <div className={`nhsuk-form-group nhsuk-u-margin-bottom-2${error ? " nhsuk-form-group--error" : ""}`}>
                        <label className="nhsuk-label nhsuk-u-visually-hidden" htmlFor={`name-${theme.id}`}>New name for {theme.name}</label>
                        <ErrorMessage id={`name-${theme.id}`} error={error} />
                        <input className="nhsuk-input nhsuk-input--width-20" id={`name-${theme.id}`} name="name" defaultValue={theme.name} />
                      </div>
                      <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-2" type="submit">Rename<span className="nhsuk-u-visually-hidden"> {theme.name}</span></button>
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
        <TextInput name="name" label="Theme name" hint="For example: Waiting times, Information for carers" width={30} error={errorsFor("create-theme")?.name} defaultValue={reply?.intent === "create-theme" ? reply.values?.name : undefined} />
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
        Touchstone groups comments that say similar things and names each group by the phrase most particular to it, in the words people used.
        Check each one: accept it as it is, rename it, split it by one of its phrases, or merge several into one theme. Accepting tags exactly the comments shown.
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
                    {s.sections.length ? ` Sections: ${s.sections.slice(0, 3).map((x) => `${x.section} (${x.count})`).join(", ")}.` : ""}
                  </p>
                  {s.alternatives.length ? <p className="nhsuk-body-s">Also described by: {s.alternatives.map((a) => `“${a.label}” (${a.comments})`).join(", ")}.</p> : null}
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
                      <input className="nhsuk-input nhsuk-input--width-20" id={`suggestion-${s.key}`} name="name" defaultValue={s.label.charAt(0).toUpperCase() + s.label.slice(1)} />
                    </div>
                    <div className="app-filter__item">
                      <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">Accept<span className="nhsuk-u-visually-hidden"> “{s.label}”</span> as a theme</button>
                    </div>
                  </Form>
                  <div className="nhsuk-checkboxes__item">
                    <input className="nhsuk-checkboxes__input" form="merge-suggestions" type="checkbox" name="keys" value={s.key} id={`merge-${s.key}`} />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`merge-${s.key}`}>Include “{s.label}” in a merged theme</label>
                  </div>
                  {s.alternatives.length ? (
                    <details className="nhsuk-details nhsuk-u-margin-top-3 nhsuk-u-margin-bottom-0">
                      <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">Split “{s.label}” in two</span></summary>
                      <div className="nhsuk-details__text">
                        <Form method="post">
                          <input type="hidden" name="intent" value="split-suggestion" />
                          <input type="hidden" name="key" value={s.key} />
                          <div className="nhsuk-form-group">
                            <label className="nhsuk-label" htmlFor={`split-alternative-${s.key}`}>Split off the comments that mention</label>
                            <ErrorMessage id={`split-alternative-${s.key}`} error={errorsFor("split-suggestion")?.[`split-alternative-${s.key}`]} />
                            <select className="nhsuk-select" id={`split-alternative-${s.key}`} name="alternative">
                              {s.alternatives.map((a) => <option key={a.label} value={a.label}>{a.label} ({a.comments})</option>)}
                            </select>
                          </div>
                          <TextInput name="name" id={`split-name-${s.key}`} label="Name for those comments' theme" width={20} error={errorsFor("split-suggestion")?.[`split-name-${s.key}`]} />
                          <TextInput name="restName" id={`split-restName-${s.key}`} label="Name for the rest" width={20} defaultValue={s.label.charAt(0).toUpperCase() + s.label.slice(1)} error={errorsFor("split-suggestion")?.[`split-restName-${s.key}`]} />
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
            <TextInput name="name" id="merge-name" label="Name for the merged theme" hint="Tick “Include in a merged theme” on two or more suggestions above." width={20} error={errorsFor("merge-suggestions")?.["merge-name"]} />
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
      <label className="nhsuk-label" htmlFor={name}>{label}</label>
      <ErrorMessage id={name} error={error} />
      <select className="nhsuk-select" id={name} name={name} defaultValue="">
        <option value="">Choose a theme</option>
        {themes.map((t) => <option key={t.id} value={t.id}>{t.name}</option>)}
      </select>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Themes: ${data?.proposal.title ?? "proposal"} - Touchstone` }];

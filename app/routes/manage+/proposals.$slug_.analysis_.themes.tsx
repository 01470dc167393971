import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button, ErrorMessage, TextInput } from "~/components/ui/fields";
import { AcceptSuggestionSchema, CreateThemeSchema, MergeThemesSchema, RenameThemeSchema } from "~/features/analysis/analysis.schema";
import { acceptSuggestion, createTheme, mergeThemes, renameTheme, suggestThemes } from "~/features/analysis/themes.server";
import { AnalysisNav, LiveAnalysis } from "~/features/analysis/ui/analysis-nav";
import { listThemes, requireAnalysis } from "~/features/analysis/workspace.server";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { Cell, ResponsiveTable, Row } from "~/components/ui/responsive-table";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  const suggest = new URL(request.url).searchParams.get("suggest") === "1";
  const [themes, suggestions] = await Promise.all([listThemes(proposal.id), suggest ? suggestThemes(proposal.id) : null]);
  return json({ proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title }, themes, suggestions, userId: actor.id });
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
      const form = parseForm(formData, AcceptSuggestionSchema);
      if (!form.success) return refused(rename(form.errors, "name", "form"), 400, form.values);
      const result = await acceptSuggestion(actor, proposal.id, form.data.phrase, form.data.name, context.publisher);
      return result.ok ? json<Reply>({ done: `Created the theme “${form.data.name}” and tagged ${result.tagged} comments` }) : refused(rename(result.errors, "name", "form"), result.status);
    }
    default:
      return refused({ form: ["Choose what to do"] }, 400);
  }
}

function rename(errors: FieldErrors, from: string, to: string): FieldErrors {
  return Object.fromEntries(Object.entries(errors).map(([key, messages]) => [key === from ? to : key, messages]));
}

export default function Themes() {
  const { proposal, themes, suggestions, userId } = useLoaderData<typeof loader>();
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
      <p>Phrases that recur across the comments (word forms grouped together), with how many comments use each. Accepting one creates the theme and tags those comments; check them afterwards.</p>
      {suggestions === null ? (
        <Form method="get">
          <input type="hidden" name="suggest" value="1" />
          <Button secondary>Suggest themes</Button>
        </Form>
      ) : suggestions.length === 0 ? (
        <p>No recurring phrases were found.</p>
      ) : (
        <ul className="nhsuk-list" data-testid="suggestions">
          {suggestions.map((s, i) => (
            <li key={s.phrase}>
              <Form method="post" className="app-filter">
                <input type="hidden" name="intent" value="accept-suggestion" />
                <input type="hidden" name="phrase" value={s.phrase} />
                <div className="nhsuk-form-group app-filter__item">
                  <label className="nhsuk-label" htmlFor={`suggestion-${i}`}>
                    “{s.phrase}”: {s.commentIds.length} comments
                  </label>
                  <input className="nhsuk-input nhsuk-input--width-20" id={`suggestion-${i}`} name="name" defaultValue={s.phrase.charAt(0).toUpperCase() + s.phrase.slice(1)} />
                </div>
                <div className="app-filter__item">
                  <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">Accept<span className="nhsuk-u-visually-hidden"> “{s.phrase}”</span> as a theme</button>
                </div>
              </Form>
            </li>
          ))}
        </ul>
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

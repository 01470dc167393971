import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, ErrorMessage, Radios } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { OverviewSchema, THEME_RESPONSE_LABELS, ThemeResponseSchema } from "#app/features/analysis/analysis.schema";
import { publishOutcome } from "#app/features/analysis/outcome.server";
import { loadSummary, saveOverview, saveThemeResponse } from "#app/features/analysis/summary.server";
import { AnalysisNav, LiveAnalysis } from "#app/features/analysis/ui/analysis-nav";
import { AutosaveTextarea } from "#app/features/analysis/ui/autosave-textarea";
import { changedSections } from "#app/features/analysis/version-diff";
import { requireAnalysis, sectionOptions } from "#app/features/analysis/workspace.server";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import type { FieldErrors } from "#app/utils/forms";
import { PublishOutcomeSchema } from "#app/features/analysis/analysis.schema";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { actor, proposal } = await requireAnalysis(context, request, params.slug);
  const summary = await loadSummary(proposal.id, sectionOptions(proposal));
  return json({
    proposal: { id: proposal.id, slug: proposal.slug, title: proposal.title, status: proposal.status },
    userId: actor.id,
    themes: summary.themes,
    outcome: summary.outcome,
    changes: changedSections(proposal.versions),
  });
}

/** Every theme has its own form on the page: the reply names the one it answers. */
const themeForm = (themeId: string) => `theme-${themeId}`;

export const action = /* @__PURE__ */ formAction(
  async ({ request, params, context }) => ({ ...(await requireAnalysis(context, request, params.slug)), publisher: context.publisher }),
  (intent) => ({
    // Saved as the commissioner types (AutosaveTextarea), and with its button without JavaScript.
    overview: intent({
      schema: OverviewSchema,
      run: (input, { actor, proposal, publisher }) => saveOverview(actor, proposal.id, input, publisher),
      success: (saved) => ({ result: { revision: saved.revision, savedAt: new Date().toISOString() } }),
    }),
    "theme-response": intent({
      schema: ThemeResponseSchema,
      form: (fields) => themeForm(String(fields.themeId ?? "")),
      run: (input, { actor, proposal, publisher }) => saveThemeResponse(actor, proposal.id, input, publisher),
      success: () => ({ message: "Saved" }),
    }),
    publish: intent({
      schema: PublishOutcomeSchema,
      run: (_input, { actor, proposal, publisher }) => publishOutcome(actor, proposal, publisher),
      success: (published) => ({
        message: published.notified
          ? `Published. ${published.notified} ${published.notified === 1 ? "person who took part has" : "people who took part have"} been told.`
          : "Published the changes to the outcome page.",
      }),
    }),
  }),
);

/** A theme's fields carry its id, so its messages point at them. */
const ownFields = (errors: FieldErrors | null | undefined, themeId: string) =>
  errors ? Object.fromEntries(Object.entries(errors).map(([field, messages]) => [field === "form" ? field : `${field}-${themeId}`, messages])) : undefined;

const RESPONSE_OPTIONS = Object.entries(THEME_RESPONSE_LABELS).map(([value, label]) => ({ value, label }));

export default function Response() {
  const { proposal, themes, outcome, changes, userId } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  const topErrors = reply && !reply.form.startsWith("theme-") ? (reply.errors ?? undefined) : undefined;
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/manage/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <h1>You said, we did: {proposal.title}</h1>
      <AnalysisNav slug={proposal.slug} />
      <LiveAnalysis proposalId={proposal.id} userId={userId} />
      <ErrorSummary errors={topErrors} />
      {reply?.form === "publish" && reply.message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{reply.message}</p>
        </div>
      ) : null}
      {outcome.publishedAt ? (
        <p>
          Published {formatDateTime(outcome.publishedAt)}: <Link to={`/proposals/${proposal.slug}/outcome`}>see the outcome page</Link>. Publishing again
          updates the page without emailing people a second time.
        </p>
      ) : null}

      <h2>Overview</h2>
      <AutosaveTextarea
        id="overview"
        name="overview"
        label="What the feedback told you overall, and what happens next"
        hint="This opens the public outcome page."
        hidden={{ intent: "overview" }}
        value={outcome.overview}
        revision={outcome.revision}
        error={topErrors?.overview}
      />

      <h2>Themes</h2>
      {themes.length === 0 ? <p>Create themes and tag comments first.</p> : null}
      {themes.map((theme) => {
        const mine = reply?.form === themeForm(theme.id) ? reply : undefined;
        const errors = ownFields(mine?.errors, theme.id);
        const errorOf = (field: string) => errors?.[`${field}-${theme.id}`];
        return (
          <section key={`${theme.id}-${theme.revision}`} id={`theme-${theme.id}`} className="app-section" aria-labelledby={`theme-heading-${theme.id}`}>
            <h3 id={`theme-heading-${theme.id}`}>
              {theme.name} <span className="nhsuk-body-s">({theme.counts.total} comments)</span>
            </h3>
            <Form method="post">
              {errors ? <ErrorSummary errors={errors} /> : null}
              {mine?.message ? (
                <p role="status" className="nhsuk-body-s">
                  {mine.message}
                </p>
              ) : null}
              <input type="hidden" name="intent" value="theme-response" />
              <input type="hidden" name="themeId" value={theme.id} />
              <input type="hidden" name="revision" value={theme.revision} />
              <Textarea
                id={`summary-${theme.id}`}
                name="summary"
                label="You said"
                hint="What people told you about this, in a few sentences."
                defaultValue={theme.summary}
                error={errorOf("summary")}
                rows={4}
              />
              <Radios
                name="response"
                id={`response-${theme.id}`}
                legend="What did you do?"
                options={RESPONSE_OPTIONS}
                defaultValue={theme.response ?? undefined}
                error={errorOf("response")}
              />
              <Textarea
                id={`responseNote-${theme.id}`}
                name="responseNote"
                label="We did"
                hint="What you did or will do, and why."
                defaultValue={theme.responseNote}
                error={errorOf("responseNote")}
                rows={4}
              />
              {changes.length ? (
                <div className={`nhsuk-form-group${errorOf("sectionIds") ? " nhsuk-form-group--error" : ""}`}>
                  <fieldset className="nhsuk-fieldset">
                    <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Changes to the proposal this theme led to</legend>
                    <ErrorMessage id={`sectionIds-${theme.id}`} error={errorOf("sectionIds")} />
                    <div className="nhsuk-checkboxes">
                      {changes.map((c, i) => (
                        <div className="nhsuk-checkboxes__item" key={c.id}>
                          <input
                            className="nhsuk-checkboxes__input"
                            id={i === 0 ? `sectionIds-${theme.id}` : `change-${theme.id}-${c.id}`}
                            name="sectionIds"
                            type="checkbox"
                            value={c.id}
                            defaultChecked={theme.sectionIds.includes(c.id)}
                          />
                          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={i === 0 ? `sectionIds-${theme.id}` : `change-${theme.id}-${c.id}`}>
                            Version {c.version}, section {c.number}: {c.heading}
                          </label>
                        </div>
                      ))}
                    </div>
                  </fieldset>
                </div>
              ) : (
                <p className="nhsuk-body-s">When you publish a revised version, you can link the sections it changed to this theme.</p>
              )}
              <Button secondary>Save {theme.name}</Button>
            </Form>
          </section>
        );
      })}

      <h2>Publish</h2>
      <p>Publishing makes the outcome page public and tells everyone who commented or registered for the meeting, by email and in Touchstone.</p>
      <Form method="post">
        <input type="hidden" name="intent" value="publish" />
        <Button>{outcome.publishedAt ? "Publish changes" : "Publish the outcome"}</Button>
      </Form>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `You said, we did: ${data?.proposal.title ?? "proposal"} - Touchstone` }];

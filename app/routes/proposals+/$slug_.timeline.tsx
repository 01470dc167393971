import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Select, TextInput } from "#app/components/ui/fields";
import { OUTCOME_LABELS, StageSchema } from "#app/features/governance/timeline.schema";
import { bodiesForTimetable, canEditTimetable, proposalTimeline, saveStage } from "#app/features/governance/timeline.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import type { FieldErrors } from "#app/utils/forms";
import { requireUser } from "#app/utils/permissions.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const timeline = await proposalTimeline(params.slug ?? "", context.user);
  if (!timeline) throw new Response("Not found", { status: 404 });
  const editor = canEditTimetable(context.user);
  const bodies = editor ? await bodiesForTimetable() : [];
  return json({ ...timeline, editor, bodies });
}

// Each stage has its own form ("stage-<id>", or "stage-new" for a new one), so errors appear beside it.
const stageForm = (fields: Record<string, unknown>) => `stage-${typeof fields.stageId === "string" && fields.stageId ? fields.stageId : "new"}`;

// Pure: the browser build drops the action (its .server imports are empty there; see ADR 027).
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requireUser(context, request), slug: params.slug ?? "" }),
  (intent) => {
    const save = intent({
      schema: StageSchema,
      form: stageForm,
      run: (input, { actor, slug }) => saveStage(actor, slug, input),
      success: (_saved, _input, { slug }) => redirect(`/proposals/${slug}/timeline`),
    });
    return { "add-stage": save, "edit-stage": save };
  },
);

function StageForm({
  stage,
  bodies,
  errors,
}: {
  stage?: { id: string; bodyId: string; title: string; meetingDate: string; papersDue: string | null; outcome: string | null; outcomeNote: string | null };
  bodies: { id: string; name: string }[];
  errors: FieldErrors | null;
}) {
  const id = stage?.id ?? "new";
  return (
    <Form method="post" className="app-comment__panel">
      <ErrorSummary errors={errors ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? k : `${k}-${id}`, v])) : null} />
      <input type="hidden" name="intent" value={stage ? "edit-stage" : "add-stage"} />
      {stage ? <input type="hidden" name="stageId" value={stage.id} /> : null}
      <label className="nhsuk-label" htmlFor={`bodyId-${id}`}>
        Body
      </label>
      <select className="nhsuk-select nhsuk-u-margin-bottom-3" id={`bodyId-${id}`} name="bodyId" defaultValue={stage?.bodyId ?? ""}>
        <option value="">Choose a body</option>
        {bodies.map((b) => (
          <option key={b.id} value={b.id}>
            {b.name}
          </option>
        ))}
      </select>
      <TextInput name="title" id={`title-${id}`} label="What happens" defaultValue={stage?.title} error={errors?.title} />
      <div className="app-filter">
        <TextInput
          name="meetingDate"
          id={`meetingDate-${id}`}
          label="Meeting (YYYY-MM-DD)"
          width={10}
          defaultValue={stage?.meetingDate}
          error={errors?.meetingDate}
        />
        <TextInput
          name="papersDue"
          id={`papersDue-${id}`}
          label="Papers due (YYYY-MM-DD)"
          width={10}
          defaultValue={stage?.papersDue ?? ""}
          error={errors?.papersDue}
        />
      </div>
      {stage ? (
        <>
          <Select
            name="outcome"
            id={`outcome-${id}`}
            label="Outcome"
            defaultValue={stage.outcome ?? ""}
            options={[{ value: "", label: "Not yet known" }, ...Object.entries(OUTCOME_LABELS).map(([value, label]) => ({ value, label }))]}
          />
          <TextInput
            name="outcomeNote"
            id={`outcomeNote-${id}`}
            label="Note on the outcome"
            defaultValue={stage.outcomeNote ?? ""}
            error={errors?.outcomeNote}
          />
        </>
      ) : null}
      <Button secondary>{stage ? "Save stage" : "Add stage"}</Button>
    </Form>
  );
}

export default function Timeline() {
  const { proposal, steps, stages, editor, bodies } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  const errorsOf = (stageId: string) => (reply?.form === `stage-${stageId}` ? reply.errors : null);
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/proposals/${proposal.slug}`}>
          {proposal.title}
        </Link>
      </div>
      <h1>Timeline</h1>
      <p>Where the proposal is on its way from discussion to decision.</p>
      <ol className="app-timeline">
        {steps.map((step, i) => (
          <li key={i} className={`app-timeline__step app-timeline__step--${step.state}`} aria-current={step.state === "now" ? "step" : undefined}>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
              <strong>{step.state === "done" ? "Done" : step.state === "now" ? "Next" : "Later"}</strong>
            </p>
            <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">{step.title}</h2>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{step.detail}</p>
            {step.overdue && editor ? <strong className="nhsuk-tag nhsuk-tag--red">Papers overdue</strong> : null}
            {editor && step.stageId ? (
              <details className="nhsuk-details nhsuk-u-margin-bottom-0" open={!!errorsOf(step.stageId)}>
                <summary className="nhsuk-details__summary">
                  <span className="nhsuk-details__summary-text">
                    Edit this stage<span className="nhsuk-u-visually-hidden">: {step.title}</span>
                  </span>
                </summary>
                <div className="nhsuk-details__text">
                  <StageForm stage={stages.find((s) => s.id === step.stageId)} bodies={bodies} errors={errorsOf(step.stageId)} />
                </div>
              </details>
            ) : null}
          </li>
        ))}
      </ol>
      {editor ? (
        <>
          <h2>Add an approval stage</h2>
          <StageForm bodies={bodies} errors={errorsOf("new")} />
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Timeline: ${data?.proposal.title ?? "proposal"} - Touchstone` }];

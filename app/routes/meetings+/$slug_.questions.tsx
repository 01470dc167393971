import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { questionsRoom } from "#app/features/meetings/meetings.events";
import { AskSchema, ModerateSchema, VoteSchema } from "#app/features/meetings/meetings.schema";
import { crisisSupport } from "#app/features/safeguarding/safeguarding";
import { CrisisSupport } from "#app/features/safeguarding/ui/crisis-support";
import { getEnv } from "#app/utils/env.server";
import { askQuestion, moderateQuestion, questionQueue, voteForQuestion } from "#app/features/meetings/questions.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";
import { useRoomEvents } from "#app/utils/realtime-context";
import { ConfirmEmailNotice, useNeedsEmailConfirmation } from "#app/features/accounts/ui/confirm-email-notice";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const queue = await questionQueue(context.user, params.slug ?? "");
  if (!queue) throw new Response("Not found", { status: 404 });
  const support = new URL(request.url).searchParams.get("support") === "1" ? crisisSupport(getEnv().CRISIS_LINE) : null;
  return json({ ...queue, signedIn: !!context.user, support });
}

// Every change re-reads the queue (POST/redirect/GET); a question that may be a cry for help
// also shows where to find support.
const QUEUE = "queue";
// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requireUser(context, request), slug: params.slug ?? "", publisher: context.publisher }),
  (intent) => {
    const moderate = intent({
      schema: ModerateSchema,
      form: QUEUE,
      run: (input, { actor, slug, publisher }) => moderateQuestion(actor, slug, input, publisher),
      success: (_made, _input, { slug }) => redirect(`/meetings/${slug}/questions`),
    });
    return {
      ask: intent({
        schema: AskSchema,
        run: (input, { actor, slug, publisher }) => askQuestion(actor, slug, input, publisher),
        success: (asked, _input, { slug }) => redirect(`/meetings/${slug}/questions${asked.crisis ? "?support=1" : ""}`),
      }),
      vote: intent({
        schema: VoteSchema,
        form: QUEUE,
        run: (input, { actor, slug, publisher }) => voteForQuestion(actor, slug, input.questionId, publisher),
        success: (_made, _input, { slug }) => redirect(`/meetings/${slug}/questions`),
      }),
      answered: moderate,
      hide: moderate,
      reopen: moderate,
    };
  },
);

export default function Questions() {
  const data = useLoaderData<typeof loader>();
  const asked = useFormReply<typeof action>("ask");
  const queueReply = useFormReply<typeof action>(QUEUE);
  const revalidator = useRevalidator();
  const needsEmailConfirmation = useNeedsEmailConfirmation();
  // The queue is the whole page, so it simply re-reads; the question box keeps what is typed.
  useRoomEvents(questionsRoom(data.meeting.id), (event) => {
    if (event.name === "questions:changed") revalidator.revalidate();
  });
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/meetings/${data.meeting.slug}`}>
          {data.meeting.title}
        </Link>
      </div>
      <h1>Questions</h1>
      <p>
        <Link to={`/meetings/${data.meeting.slug}/questions/projector`}>Open the projector view</Link>
      </p>
      {data.support ? <CrisisSupport contacts={data.support} what="question" /> : null}
      {data.canTakePart ? (
        <Form method="post" noValidate>
          <ErrorSummary errors={asked?.errors} fieldOrder={["text"]} />
          <input type="hidden" name="intent" value="ask" />
          <IdempotencyKeyField />
          <Textarea name="text" label="Your question" maxLength={500} rows={3} error={asked?.errors?.text} />
          <div className="nhsuk-form-group">
            <div className="nhsuk-checkboxes">
              <div className="nhsuk-checkboxes__item">
                <input className="nhsuk-checkboxes__input" id="anonymous" name="anonymous" type="checkbox" value="on" />
                <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="anonymous">
                  Do not show my name to other attendees (the organisers still see it)
                </label>
              </div>
            </div>
          </div>
          <Button>Ask</Button>
        </Form>
      ) : needsEmailConfirmation ? (
        <ConfirmEmailNotice doing="ask or vote for questions" />
      ) : (
        <p>
          {data.signedIn ? (
            "People with a confirmed place can ask and vote."
          ) : (
            <>
              <Link to={`/auth/sign-in?redirectTo=/meetings/${data.meeting.slug}/questions`}>Sign in</Link> to ask or vote.
            </>
          )}
        </p>
      )}
      {queueReply?.errors?.form ? (
        <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
          <p>{queueReply.errors.form[0]}</p>
        </div>
      ) : null}
      <ol className="nhsuk-list nhsuk-list--border" data-testid="queue">
        {data.questions.map((q) => (
          <li key={q.id}>
            <p className="nhsuk-body-l nhsuk-u-margin-bottom-1">{q.text}</p>
            <p className="nhsuk-body-s">
              {q.askedBy ?? "Anonymous"}
              {q.anonymous && data.organiser ? " (asked anonymously)" : ""} · {q.votes} {q.votes === 1 ? "vote" : "votes"}
              {q.status !== "OPEN" ? <strong className="nhsuk-tag nhsuk-tag--grey app-badge">{q.status === "ANSWERED" ? "Answered" : "Hidden"}</strong> : null}
            </p>
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="questionId" value={q.id} />
              {data.canTakePart && q.status === "OPEN" && !q.votedByMe ? (
                <button className="app-link-button" name="intent" value="vote">
                  Vote up<span className="nhsuk-u-visually-hidden">: {q.text}</span>
                </button>
              ) : null}
              {data.organiser && q.status === "OPEN" ? (
                <button className="app-link-button" name="intent" value="answered">
                  Mark answered<span className="nhsuk-u-visually-hidden">: {q.text}</span>
                </button>
              ) : null}
              {data.organiser && q.status !== "HIDDEN" ? (
                <button className="app-link-button" name="intent" value="hide">
                  Hide<span className="nhsuk-u-visually-hidden">: {q.text}</span>
                </button>
              ) : null}
              {data.organiser && q.status !== "OPEN" ? (
                <button className="app-link-button" name="intent" value="reopen">
                  Reopen<span className="nhsuk-u-visually-hidden">: {q.text}</span>
                </button>
              ) : null}
            </Form>
          </li>
        ))}
      </ol>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Questions - Touchstone" }];

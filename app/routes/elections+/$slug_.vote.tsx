import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, ErrorMessage } from "#app/components/ui/fields";
import { BallotFormSchema } from "#app/features/elections/elections.schema";
import { ballotCandidates, castMarkedBallot, getElection, readBallot } from "#app/features/elections/elections.server";
import { documentPostReply, formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";
import { ConfirmEmailNotice, useNeedsEmailConfirmation } from "#app/features/accounts/ui/confirm-email-notice";
import { useStepTitle } from "#app/utils/use-step-title";

async function load(viewer: Parameters<typeof getElection>[0], slug: string) {
  const election = await getElection(viewer, slug);
  if (!election) throw new Response("Not found", { status: 404 });
  const candidates = (await ballotCandidates(viewer, election.id)).map((c) => ({ id: c.id, name: c.candidate.displayName, statement: c.statement }));
  return { election, candidates };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { election, candidates } = await load(user, params.slug ?? "");
  const canVote = !!election.viewer?.canVote;
  return json({
    title: election.title,
    slug: election.slug,
    places: election.places,
    method: election.method,
    canVote,
    voted: !!election.viewer?.voted,
    phase: election.phase,
    candidates,
    // For `meta` only, which cannot see the reply: posted without JavaScript, the step comes
    // back in this same request. (With JavaScript this is always "mark": the page names its step.)
    postedStep: voteStep(documentPostReply<typeof action>(context)?.result, canVote && user.emailVerified),
  });
}

// Two steps, each answering on this page: review shows the ranking to check, cast the receipt.
// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requireUser(context, request), slug: params.slug ?? "", publisher: context.publisher }),
  (intent) => ({
    review: intent({
      schema: BallotFormSchema,
      run: (input, { slug }) => readBallot(slug, input),
      success: (read) => ({ result: { ranking: read.ranking } }),
      keep: () => ({}),
    }),
    cast: intent({
      schema: BallotFormSchema,
      run: (input, { actor, slug, publisher }) => castMarkedBallot(actor, slug, input, publisher),
      success: (cast) => ({ result: { receipt: cast.receipt } }),
      // How someone voted is never sent back into the page.
      keep: () => ({}),
    }),
  }),
);

export default function Vote() {
  const data = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  const receipt = reply?.result && "receipt" in reply.result ? reply.result.receipt : null;
  const ranking = reply?.result && "ranking" in reply.result ? reply.result.ranking : null;
  const refusal = reply?.errors ? (Object.values(reply.errors).flat()[0] ?? "Your vote was not counted") : null;
  const byId = new Map(data.candidates.map((c) => [c.id, c]));
  const needsEmailConfirmation = useNeedsEmailConfirmation();
  // The steps answer on one address; each has its own title, so a screen reader says where it is.
  useStepTitle(voteTitle(data.title, voteStep(reply?.result, data.canVote && !needsEmailConfirmation)));
  if (receipt) {
    return (
      <>
        <div className="nhsuk-panel nhsuk-panel--confirmation">
          <h1 className="nhsuk-panel__title">Your vote has been cast</h1>
          <div className="nhsuk-panel__body">
            Your receipt code
            <br />
            <strong className="app-receipt" data-testid="receipt">
              {receipt.match(/.{1,8}/g)!.join(" ")}
            </strong>
          </div>
        </div>
        <p>
          Write the code down or save this page. When the result is declared, every receipt code is published, so you can check that your ballot was counted.
          The code does not show how you voted: your ballot was sealed when you cast it, and only the returning officer&apos;s count opens the ballots, shuffled
          so that none can be linked to a voter.
        </p>
        <p>
          <Link to={`/elections/${data.slug}`}>Back to the election</Link>
        </p>
      </>
    );
  }
  if (data.canVote && needsEmailConfirmation) {
    return (
      <>
        <h1>{data.title}</h1>
        <ConfirmEmailNotice doing="vote" />
        <p>
          <Link to={`/elections/${data.slug}`}>Back to the election</Link>
        </p>
      </>
    );
  }
  if (!data.canVote) {
    return (
      <>
        <h1>{data.title}</h1>
        <p>
          {data.voted
            ? "You have already voted in this election. A cast vote cannot be changed."
            : data.phase === "voting"
              ? "You are not eligible to vote in this election."
              : "Voting is not open."}
        </p>
        <p>
          <Link to={`/elections/${data.slug}`}>Back to the election</Link>
        </p>
      </>
    );
  }
  if (ranking) {
    return (
      <>
        <h1>Check your vote</h1>
        <p>You can change it now. Once cast, it cannot be changed.</p>
        <ol className="app-review">
          {ranking.map((id) => (
            <li key={id}>{byId.get(id)?.name}</li>
          ))}
        </ol>
        <Form method="post">
          {ranking.map((id) => (
            <input key={id} type="hidden" name="ranking" value={id} />
          ))}
          <Button name="intent" value="cast">
            Cast my vote
          </Button>
        </Form>
        <p>
          <Link to={`/elections/${data.slug}/vote`}>Change my preferences</Link>
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {refusal ? <ErrorSummary errors={{ [`rank-${data.candidates[0]?.id}`]: [refusal] }} /> : null}
        <h1>{data.title}</h1>
        <p>
          Number the candidates in order of preference: 1 next to your first choice, 2 next to your second, and so on. Rank as many or as few as you like.{" "}
          {data.places === 1 ? "One place" : `${data.places} places`} will be filled.
        </p>
        <Form method="post" noValidate>
          {/* The refusal is about the ballot as a whole: it sits under the legend, and the summary links to the first choice. */}
          <div className={`nhsuk-form-group${refusal ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby={refusal ? "preferences-error" : undefined}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Your preferences</legend>
              <ErrorMessage id="preferences" error={refusal ? [refusal] : undefined} />
              {data.candidates.map((c) => (
                <div className="nhsuk-form-group" key={c.id}>
                  <label className="nhsuk-label" htmlFor={`rank-${c.id}`}>
                    {c.name}
                  </label>
                  <select className={`nhsuk-select${refusal ? " nhsuk-select--error" : ""}`} id={`rank-${c.id}`} name={`rank-${c.id}`} defaultValue="">
                    <option value="">No preference</option>
                    {data.candidates.map((_, i) => (
                      <option key={i} value={i + 1}>
                        {i + 1}
                      </option>
                    ))}
                  </select>
                </div>
              ))}
            </fieldset>
          </div>
          <Button name="intent" value="review">
            Continue
          </Button>
        </Form>
      </div>
    </div>
  );
}

type VoteStep = "mark" | "check" | "cast";

/** Which step a reply shows: the receipt, the ranking to check (only to someone who may vote), or the ballot to mark. */
function voteStep(result: { ranking: string[] } | { receipt: string } | null | undefined, mayVote: boolean): VoteStep {
  if (result && "receipt" in result) return "cast";
  return result && "ranking" in result && mayVote ? "check" : "mark";
}

function voteTitle(election: string, step: VoteStep) {
  const what = step === "cast" ? "Your vote has been cast" : step === "check" ? "Check your vote" : "Vote";
  return `${what}: ${election} - Touchstone`;
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: voteTitle(data?.title ?? "election", data?.postedStep ?? "mark") }];

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button } from "~/components/ui/fields";
import { readRanking } from "~/features/elections/elections.schema";
import { castBallot, getElection, standingCandidates } from "~/features/elections/elections.server";
import { requireUser } from "~/utils/permissions.server";
import { ConfirmEmailNotice, useNeedsEmailConfirmation } from "~/features/accounts/ui/confirm-email-notice";

async function load(slug: string, user: Parameters<typeof getElection>[1]) {
  const election = await getElection(slug, user);
  if (!election) throw new Response("Not found", { status: 404 });
  const candidates = (await standingCandidates(election.id)).map((c) => ({ id: c.id, name: c.candidate.displayName, statement: c.statement }));
  return { election, candidates };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const { election, candidates } = await load(params.slug ?? "", user);
  return json({ title: election.title, slug: election.slug, places: election.places, method: election.method, canVote: !!election.viewer?.canVote, voted: !!election.viewer?.voted, phase: election.phase, candidates });
}

type Reply = { step: "review"; ranking: string[] } | { step: "cast"; receipt: string } | { step: "error"; error: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const { election, candidates } = await load(params.slug ?? "", user);
  const formData = await request.formData();
  const read = readRanking(formData, candidates.map((c) => c.id));
  if (!read.ok) return json<Reply>({ step: "error", error: read.error }, { status: 400 });
  if (formData.get("intent") !== "cast") return json<Reply>({ step: "review", ranking: read.ranking });
  const result = await castBallot(user, election.slug, read.ranking, context.publisher);
  if (!result.ok) return json<Reply>({ step: "error", error: Object.values(result.errors).flat()[0] ?? "Your vote was not counted" }, { status: result.status });
  return json<Reply>({ step: "cast", receipt: result.receipt });
}

export default function Vote() {
  const data = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as Reply | undefined;
  const byId = new Map(data.candidates.map((c) => [c.id, c]));
  const needsEmailConfirmation = useNeedsEmailConfirmation();
  if (reply?.step === "cast") {
    return (
      <>
        <div className="nhsuk-panel nhsuk-panel--confirmation">
          <h1 className="nhsuk-panel__title">Your vote has been cast</h1>
          <div className="nhsuk-panel__body">
            Your receipt code<br />
            <strong className="app-receipt" data-testid="receipt">{reply.receipt.match(/.{1,8}/g)!.join(" ")}</strong>
          </div>
        </div>
        <p>Write the code down or save this page. When the result is declared, every receipt code is published, so you can check that your ballot was counted. The code does not show how you voted: your ballot was sealed when you cast it, and only the returning officer&apos;s count opens the ballots, shuffled so that none can be linked to a voter.</p>
        <p><Link to={`/elections/${data.slug}`}>Back to the election</Link></p>
      </>
    );
  }
  if (data.canVote && needsEmailConfirmation) {
    return (
      <>
        <h1>{data.title}</h1>
        <ConfirmEmailNotice doing="vote" />
        <p><Link to={`/elections/${data.slug}`}>Back to the election</Link></p>
      </>
    );
  }
  if (!data.canVote) {
    return (
      <>
        <h1>{data.title}</h1>
        <p>{data.voted ? "You have already voted in this election. A cast vote cannot be changed." : data.phase === "voting" ? "You are not eligible to vote in this election." : "Voting is not open."}</p>
        <p><Link to={`/elections/${data.slug}`}>Back to the election</Link></p>
      </>
    );
  }
  if (reply?.step === "review") {
    return (
      <>
        <h1>Check your vote</h1>
        <p>You can change it now. Once cast, it cannot be changed.</p>
        <ol className="app-review">
          {reply.ranking.map((id) => <li key={id}>{byId.get(id)?.name}</li>)}
        </ol>
        <Form method="post">
          {reply.ranking.map((id) => <input key={id} type="hidden" name="ranking" value={id} />)}
          <Button name="intent" value="cast">Cast my vote</Button>
        </Form>
        <p><Link to={`/elections/${data.slug}/vote`}>Change my preferences</Link></p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        {reply?.step === "error" ? <ErrorSummary errors={{ [`rank-${data.candidates[0]?.id}`]: [reply.error] }} /> : null}
        <h1>{data.title}</h1>
        <p>
          Number the candidates in order of preference: 1 next to your first choice, 2 next to your second, and so on. Rank
          as many or as few as you like. {data.places === 1 ? "One place" : `${data.places} places`} will be filled.
        </p>
        <Form method="post" noValidate>
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Your preferences</legend>
            {data.candidates.map((c) => (
              <div className="nhsuk-form-group" key={c.id}>
                <label className="nhsuk-label" htmlFor={`rank-${c.id}`}>{c.name}</label>
                <select className="nhsuk-select" id={`rank-${c.id}`} name={`rank-${c.id}`} defaultValue="">
                  <option value="">No preference</option>
                  {data.candidates.map((_, i) => <option key={i} value={i + 1}>{i + 1}</option>)}
                </select>
              </div>
            ))}
          </fieldset>
          <Button name="intent" value="review">Continue</Button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Vote: ${data?.title ?? "election"} - Touchstone` }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { DateTimeFields } from "#app/components/ui/date-time-fields";
import { Button, Radios, Select, TextInput } from "#app/components/ui/fields";
import { ConfirmEmailNotice, useNeedsEmailConfirmation } from "#app/features/accounts/ui/confirm-email-notice";
import { Textarea } from "#app/components/ui/textarea";
import { electionRoom } from "#app/features/elections/elections.events";
import {
  COUNT_PASSPHRASE_MIN,
  DeclareSchema,
  MethodSchema,
  METHOD_LABELS,
  NominateSchema,
  NominationActionSchema,
  PHASE_TEXT,
  VoidElectionSchema,
} from "#app/features/elections/elections.schema";
import { actOnNomination, changeMethod, declare, getElection, nominate, seedCommitment, voidAndRerun } from "#app/features/elections/elections.server";
import { FORUM_CATEGORY_LABELS } from "#app/features/forum/membership.schema";
import { formatDateTime, londonToday } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";
import { useRoomEvents } from "#app/utils/realtime-context";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const election = await getElection(context.user, params.slug ?? "");
  if (!election) throw new Response("Not found", { status: 404 });
  const { result: _result, lotSeed, salt, ...rest } = election;
  const declared = election.phase === "declared";
  // A re-run poll (ADR 014) is offered two weeks by default.
  const rerunCloses = londonToday(new Date(Date.now() + 14 * 86_400_000));
  return json({ election: { ...rest, lotSeed: declared ? lotSeed : null, seedCommitment: seedCommitment(lotSeed), salt }, rerunCloses });
}

// Only the messages go back after an error (keep: nothing): a passphrase is never sent back into the page.
const NOMINATIONS = "nominations";
// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requireUser(context, request), slug: params.slug ?? "", publisher: context.publisher }),
  (intent) => {
    const backToElection = (_made: object, _input: unknown, { slug }: { slug: string }) => redirect(`/elections/${slug}`);
    const onNomination = intent({
      schema: NominationActionSchema,
      form: NOMINATIONS,
      run: (input, { actor, slug }) => actOnNomination(actor, slug, input),
      success: backToElection,
      keep: () => ({}),
    });
    return {
      nominate: intent({ schema: NominateSchema, run: (input, { actor, slug }) => nominate(actor, slug, input), success: backToElection, keep: () => ({}) }),
      method: intent({
        schema: MethodSchema,
        run: (input, { actor, slug }) => changeMethod(actor, slug, input.method),
        success: backToElection,
        keep: () => ({}),
      }),
      declare: intent({
        schema: DeclareSchema,
        run: (input, { actor, slug, publisher }) => declare(actor, slug, input.passphrase, publisher),
        success: (_made, _input, { slug }) => redirect(`/elections/${slug}/results`),
        keep: () => ({}),
      }),
      void: intent({
        schema: VoidElectionSchema,
        run: (input, { actor, slug, publisher }) => voidAndRerun(actor, slug, input, publisher),
        success: backToElection,
        keep: () => ({}),
      }),
      accept: onNomination,
      withdraw: onNomination,
      confirm: onNomination,
      reject: onNomination,
    };
  },
);

export default function ElectionPage() {
  const { election, rerunCloses } = useLoaderData<typeof loader>();
  // One reply at most; each form shows it only when it answers that form.
  const reply = useFormReply<typeof action>();
  const errorsFor = (form: string) => (reply?.form === form ? reply.errors : null);
  const [voted, setVoted] = useState<number | null>(null);
  const needsEmailConfirmation = useNeedsEmailConfirmation();
  useRoomEvents(election.viewer?.member || election.officer ? electionRoom(election.id) : null, (event) => {
    if (event.name === "election:turnout") setVoted(event.payload.voted);
  });
  const turnout = voted ?? election.voterCount;
  return (
    <>
      <span className="nhsuk-caption-l">
        <strong className="nhsuk-tag nhsuk-tag--blue">{PHASE_TEXT[election.phase]}</strong>
      </span>
      <h1>{election.title}</h1>
      <p className="nhsuk-lede-text">
        {election.places} {election.places === 1 ? "place" : "places"} on <Link to={`/bodies/${election.seat.body.slug}`}>{election.seat.body.name}</Link>:{" "}
        {election.seat.name}.
      </p>
      <SummaryList>
        <SummaryRow label="Who may vote">
          Verified Forum members: {election.constituency.map((c) => FORUM_CATEGORY_LABELS[c].toLowerCase()).join(", ")}
          {election.residencyRequired ? ", living in the city" : ""}
        </SummaryRow>
        <SummaryRow label="Nominations">
          {formatDateTime(election.nominationsOpenAt)} to {formatDateTime(election.nominationsCloseAt)}
        </SummaryRow>
        <SummaryRow label="Voting">
          {formatDateTime(election.votingOpenAt)} to {formatDateTime(election.votingCloseAt)}
        </SummaryRow>
        <SummaryRow label="Counting">{METHOD_LABELS[election.method]}</SummaryRow>
        <SummaryRow label="Seed for any draw by lot" className="app-email-body">
          {election.lotSeed ? <code>{election.lotSeed}</code> : "Fixed now and revealed with the result."} Its SHA-256, published in advance:{" "}
          <code>{election.seedCommitment}</code>
        </SummaryRow>
        {election.phase === "voting" || election.phase === "closed" || election.phase === "declared" ? (
          <SummaryRow label="Turnout" aria-live="polite" data-testid="turnout">
            {turnout} of {election.eligibleCount} eligible members have voted
          </SummaryRow>
        ) : null}
      </SummaryList>

      {election.phase === "declared" ? (
        <p>
          <Link className="nhsuk-button" to={`/elections/${election.slug}/results`}>
            See the result
          </Link>
        </p>
      ) : null}
      {election.phase === "voting" && election.viewer?.canVote ? (
        <p>
          <Link className="nhsuk-button" to={`/elections/${election.slug}/vote`}>
            Vote
          </Link>
        </p>
      ) : null}
      {election.viewer?.voted ? (
        <div className="nhsuk-inset-text">
          <p>You have voted. Keep your receipt code to check that your ballot was counted.</p>
        </div>
      ) : null}

      <h2>Candidates</h2>
      {election.nominations.length === 0 ? (
        <p>
          {election.phase === "nominations" || election.phase === "before-nominations"
            ? "Candidates are published when nominations close."
            : "There are no candidates."}
        </p>
      ) : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {election.nominations.map((n) => (
          <li key={n.id}>
            <h3 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">{n.candidate.displayName}</h3>
            {n.nominatedById !== n.candidateId ? <p className="nhsuk-body-s">Nominated by {n.nominatedBy.displayName}</p> : null}
            <p className="app-email-body">{n.statement}</p>
            {n.withdrawnAt ? (
              <>
                <strong className="nhsuk-tag nhsuk-tag--grey">Withdrawn</strong>
                {n.withdrawnReason ? <p className="nhsuk-body-s nhsuk-u-margin-top-2">{n.withdrawnReason}.</p> : null}
              </>
            ) : !n.acceptedAt ? (
              <strong className="nhsuk-tag nhsuk-tag--yellow">Waiting for the candidate to accept</strong>
            ) : !n.confirmedAt ? (
              <strong className="nhsuk-tag nhsuk-tag--yellow">Waiting for the returning officer</strong>
            ) : null}
            {election.phase === "nominations" && !n.withdrawnAt ? (
              <Form method="post" className="nhsuk-u-margin-top-2">
                <input type="hidden" name="nominationId" value={n.id} />
                {!n.acceptedAt && election.viewer && n.candidateId === election.viewer.id ? (
                  <Button name="intent" value="accept">
                    Accept the nomination
                  </Button>
                ) : null}
                {election.viewer && n.candidateId === election.viewer.id ? (
                  <Button secondary name="intent" value="withdraw">
                    Withdraw<span className="nhsuk-u-visually-hidden"> your candidacy</span>
                  </Button>
                ) : null}
                {election.officer && !n.confirmedAt ? (
                  <Button secondary name="intent" value="confirm">
                    Confirm eligibility<span className="nhsuk-u-visually-hidden"> of {n.candidate.displayName}</span>
                  </Button>
                ) : null}
                {election.officer ? (
                  <Button secondary name="intent" value="reject">
                    Rule out<span className="nhsuk-u-visually-hidden"> {n.candidate.displayName}</span>
                  </Button>
                ) : null}
              </Form>
            ) : null}
          </li>
        ))}
      </ul>
      {errorsFor(NOMINATIONS) ? <ErrorSummary errors={errorsFor(NOMINATIONS)} /> : null}

      {election.phase === "nominations" && election.viewer?.forumMember && needsEmailConfirmation ? (
        <ConfirmEmailNotice doing="make a nomination" />
      ) : election.phase === "nominations" && election.viewer?.forumMember ? (
        <section aria-labelledby="nominate-heading">
          <h2 id="nominate-heading">Make a nomination</h2>
          <Form method="post" noValidate>
            <ErrorSummary errors={errorsFor("nominate")} fieldOrder={["candidateId", "statement"]} />
            <input type="hidden" name="intent" value="nominate" />
            <IdempotencyKeyField />
            <Select
              name="candidateId"
              label="Who are you nominating?"
              hint="Members who can stand for this seat. Someone you nominate must accept."
              options={[{ value: "", label: "Myself" }, ...election.viewer.nominees.map((n) => ({ value: n.id, label: n.displayName }))]}
              error={errorsFor("nominate")?.candidateId}
            />
            <Textarea
              name="statement"
              label="Statement for voters"
              hint="Up to 500 words: who the candidate is and what they would do on the Board."
              rows={6}
              error={errorsFor("nominate")?.statement}
            />
            <Button>Nominate</Button>
          </Form>
        </section>
      ) : null}

      {election.officer ? (
        <section aria-labelledby="officer-heading">
          <h2 id="officer-heading">Returning officer</h2>
          {election.phase === "before-nominations" || election.phase === "nominations" || election.phase === "between" ? (
            <Form method="post">
              <ErrorSummary errors={errorsFor("method")} />
              <input type="hidden" name="intent" value="method" />
              <Radios
                name="method"
                legend="Counting method (fixed once voting opens)"
                options={Object.entries(METHOD_LABELS).map(([value, label]) => ({ value, label }))}
                defaultValue={election.method}
              />
              <Button secondary>Change the method</Button>
            </Form>
          ) : null}
          {election.phase === "closed" ? (
            <Form method="post" noValidate>
              <ErrorSummary errors={errorsFor("declare")} fieldOrder={["passphrase"]} />
              <input type="hidden" name="intent" value="declare" />
              <p>Voting has closed. Counting opens the sealed ballots, publishes the full result and appoints the winners to their places.</p>
              <TextInput
                name="passphrase"
                label="Count passphrase"
                hint="The passphrase you chose when the election was called. It unlocks the key that opens the sealed ballots, for this count only."
                type="password"
                autoComplete="off"
                spellCheck={false}
                error={errorsFor("declare")?.passphrase}
              />
              <Button>Count and declare the result</Button>
            </Form>
          ) : null}
          {election.phase === "voting" ? (
            <p>While voting is open only the turnout is shown, never partial results. Every ballot is sealed until you count it with your count passphrase.</p>
          ) : null}
          {election.voidedAt ? <p>The votes cast before {formatDateTime(election.voidedAt)} were declared void and the poll re-run.</p> : null}
          {election.phase !== "declared" ? (
            <details className="nhsuk-details" open={errorsFor("void") !== null}>
              <summary className="nhsuk-details__summary">
                <span className="nhsuk-details__summary-text">The count passphrase is lost</span>
              </summary>
              <div className="nhsuk-details__text">
                <Form method="post" noValidate>
                  <ErrorSummary
                    errors={errorsFor("void")}
                    fieldOrder={["confirm", "votingCloseDate", "votingCloseTime", "countPassphrase", "countPassphraseConfirm"]}
                  />
                  <input type="hidden" name="intent" value="void" />
                  <div className="nhsuk-warning-callout">
                    <h3 className="nhsuk-warning-callout__label">
                      <span role="text">
                        <span className="nhsuk-u-visually-hidden">Important: </span>Every vote cast so far is discarded
                      </span>
                    </h3>
                    <p>
                      Without the passphrase nobody can open the sealed ballots, not even the system&apos;s administrators. The only remedy is to declare the
                      votes cast so far void and run the poll again, with a new passphrase. Members are told that voting is open again and everyone may vote.
                    </p>
                  </div>
                  <div className={`nhsuk-form-group${errorsFor("void")?.confirm ? " nhsuk-form-group--error" : ""}`}>
                    <div className="nhsuk-checkboxes">
                      <div className="nhsuk-checkboxes__item">
                        <input
                          className="nhsuk-checkboxes__input"
                          id="confirm"
                          name="confirm"
                          type="checkbox"
                          value="yes"
                          aria-describedby={errorsFor("void")?.confirm ? "confirm-error" : undefined}
                        />
                        <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="confirm">
                          I am the returning officer and I declare the votes cast so far void
                        </label>
                      </div>
                    </div>
                    {errorsFor("void")?.confirm ? (
                      <span className="nhsuk-error-message" id="confirm-error">
                        <span className="nhsuk-u-visually-hidden">Error:</span> {errorsFor("void")!.confirm![0]}
                      </span>
                    ) : null}
                  </div>
                  <DateTimeFields
                    name="votingClose"
                    dateLabel="The re-run poll closes on (YYYY-MM-DD)"
                    moment="The re-run poll closes"
                    defaultDate={rerunCloses}
                    defaultTime="17:00"
                    errors={errorsFor("void")}
                  />
                  <TextInput
                    name="countPassphrase"
                    label="New count passphrase"
                    hint={`At least ${COUNT_PASSPHRASE_MIN} characters. Keep it safe: it cannot be recovered.`}
                    type="password"
                    autoComplete="new-password"
                    spellCheck={false}
                    error={errorsFor("void")?.countPassphrase}
                  />
                  <TextInput
                    name="countPassphraseConfirm"
                    label="New count passphrase again"
                    type="password"
                    autoComplete="new-password"
                    spellCheck={false}
                    error={errorsFor("void")?.countPassphraseConfirm}
                  />
                  <button className="nhsuk-button nhsuk-button--warning" data-module="nhsuk-button" type="submit">
                    Declare the votes void and re-run the poll
                  </button>
                </Form>
              </div>
            </details>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.election.title ?? "Election"} - Touchstone` }];

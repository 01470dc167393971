import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BarChart } from "#app/components/bar-chart";
import type { CountResult } from "#app/features/elections/counting/count";
import { METHOD_LABELS } from "#app/features/elections/elections.schema";
import { BLT_MIN_VOTERS, getElection, publishedBallots, seedCommitment } from "#app/features/elections/elections.server";
import { formatDateTime } from "#app/utils/dates";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const election = await getElection(context.user, params.slug ?? "");
  if (!election) throw new Response("Not found", { status: 404 });
  if (election.phase !== "declared") throw new Response("The result has not been declared", { status: 404 });
  const published = await publishedBallots(election.slug);
  return json({
    title: election.title,
    slug: election.slug,
    method: election.method,
    declaredAt: election.declaredAt!,
    seed: election.lotSeed,
    seedCommitment: seedCommitment(election.lotSeed),
    result: election.result as unknown as CountResult,
    receipts: published?.receipts ?? [],
    hasBlt: !!published?.blt,
    voters: published?.voters ?? 0,
  });
}

export default function Results() {
  const data = useLoaderData<typeof loader>();
  const { result } = data;
  const last = result.stages[result.stages.length - 1];
  const lastVotes = last.votes.map(Number);
  // Results declared before withdrawals were listed have none.
  const withdrawn = result.withdrawn ?? [];
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/elections/${data.slug}`}>
          Back to the election
        </Link>
      </div>
      <h1>Result: {data.title}</h1>
      <div className="nhsuk-panel nhsuk-panel--confirmation">
        <h2 className="nhsuk-panel__title">Elected</h2>
        <div className="nhsuk-panel__body">{result.elected.join(", ")}</div>
      </div>
      {withdrawn.length ? (
        <p>
          Withdrawn after nominations closed: {withdrawn.join(", ")}. {withdrawn.length === 1 ? "This candidate" : "These candidates"} could not be elected, and
          each vote for them passed to the voter&apos;s next preference.
        </p>
      ) : null}
      <p>
        Declared {formatDateTime(data.declaredAt)}. {METHOD_LABELS[data.method]}. {result.validVotes} valid {result.validVotes === 1 ? "vote" : "votes"} from{" "}
        {data.voters} {data.voters === 1 ? "voter" : "voters"}
        {"quota" in result ? `; quota ${result.quota}` : ""}.
        {result.tie
          ? ` A draw by lot (seed ${data.seed}) decided a place: ${result.draws.map((d) => `${d.chosen} from ${d.among.join(", ")}`).join("; ")}.`
          : ""}
      </p>

      <p className="app-email-body">
        Seed for any draw by lot: <code>{data.seed}</code>. Its SHA-256 (<code>{data.seedCommitment}</code>) was published before voting closed.
      </p>

      <h2>Final stage</h2>
      <BarChart label="Votes at the final stage" rows={result.candidates.map((c, i) => ({ label: c, value: lastVotes[i], display: last.votes[i] }))} />

      <h2>Stage by stage</h2>
      <div className="app-table-scroll" tabIndex={0} role="region" aria-label="Votes at each stage">
        <table className="nhsuk-table">
          <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">Votes for each candidate at each stage of the count</caption>
          <thead className="nhsuk-table__head">
            <tr className="nhsuk-table__row">
              <th className="nhsuk-table__header" scope="col">
                Candidate
              </th>
              {result.stages.map((s) => (
                <th className="nhsuk-table__header" scope="col" key={s.number}>
                  Stage {s.number}
                  <br />
                  <span className="nhsuk-body-s">{s.action}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody className="nhsuk-table__body">
            {result.candidates.map((c, i) => (
              <tr className="nhsuk-table__row" key={c}>
                <th className="nhsuk-table__cell" scope="row">
                  {c}
                  {result.elected.includes(c) ? " (elected)" : withdrawn.includes(c) ? " (withdrawn)" : ""}
                </th>
                {result.stages.map((s) => (
                  <td className="nhsuk-table__cell" key={s.number}>
                    {s.votes[i]}
                    {"transfers" in s && Number(s.transfers[i]) !== 0 ? (
                      <span className="nhsuk-body-s">
                        <br />({Number(s.transfers[i]) > 0 ? "+" : ""}
                        {s.transfers[i]})
                      </span>
                    ) : null}
                  </td>
                ))}
              </tr>
            ))}
            {"nonTransferable" in last ? (
              <>
                <tr className="nhsuk-table__row">
                  <th className="nhsuk-table__cell" scope="row">
                    Non-transferable
                  </th>
                  {result.stages.map((s) => (
                    <td className="nhsuk-table__cell" key={s.number}>
                      {"nonTransferable" in s ? s.nonTransferable : ""}
                    </td>
                  ))}
                </tr>
                <tr className="nhsuk-table__row">
                  <th className="nhsuk-table__cell" scope="row">
                    Loss from fractions
                  </th>
                  {result.stages.map((s) => (
                    <td className="nhsuk-table__cell" key={s.number}>
                      {"lossFromFractions" in s ? s.lossFromFractions : ""}
                    </td>
                  ))}
                </tr>
              </>
            ) : null}
          </tbody>
        </table>
      </div>

      <h2>Check your ballot</h2>
      <p>
        Every ballot&apos;s receipt code is listed here. Each code is the SHA-256 of the ballot as it was sealed when cast, so it shows that the ballot was in
        the box without showing how anyone voted.
      </p>
      {data.hasBlt ? (
        <p>
          <a href={`/elections/${data.slug}/ballots.blt`} download>
            Download the anonymised ballots (BLT file)
          </a>{" "}
          to recount them with other software:{" "}
          <code>
            npm run count -- ballots.blt --method{" "}
            {data.method === "ERS97" ? "ers97" : data.method === "SCOTTISH_STV" ? "scottish-stv" : data.method.toLowerCase()} --seed {data.seed}
          </code>
        </p>
      ) : (
        <p>The anonymised ballots are published only when at least {BLT_MIN_VOTERS} people voted, so that no one&apos;s vote can be worked out.</p>
      )}
      <ul className="app-receipts" data-testid="receipts">
        {data.receipts.map((r) => (
          <li key={r}>
            <code>{r.match(/.{1,8}/g)!.join(" ")}</code>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Result: ${data?.title ?? "election"} - Touchstone` }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { canRunElections, phaseOf } from "#app/features/elections/elections.policy";
import { PHASE_TEXT } from "#app/features/elections/elections.schema";
import { listElections } from "#app/features/elections/elections.server";
import { formatDateTime } from "#app/utils/dates";

export async function loader({ context }: LoaderFunctionArgs) {
  const elections = await listElections();
  return json({ elections: elections.map((e) => ({ ...e, phase: phaseOf(e) })), officer: canRunElections(context.user) });
}

export default function Elections() {
  const { elections, officer } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Forum elections</h1>
      <p>The Forum elects its representatives to the Partnership Board. Every count is published stage by stage.</p>
      {officer ? (
        <p>
          <Link className="nhsuk-button" to="/elections/new">
            Call an election
          </Link>
        </p>
      ) : null}
      {elections.length === 0 ? <p>No elections yet.</p> : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {elections.map((e) => (
          <li key={e.id}>
            <Link to={`/elections/${e.slug}`}>{e.title}</Link> <strong className="nhsuk-tag nhsuk-tag--grey app-badge">{PHASE_TEXT[e.phase]}</strong>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
              {e.places} {e.places === 1 ? "place" : "places"} on {e.seat.name}. Voting {formatDateTime(e.votingOpenAt)} to {formatDateTime(e.votingCloseAt)}.
            </p>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Forum elections - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { canManageProposals } from "#app/features/consultations/consultations.policy";
import { listProposals } from "#app/features/consultations/proposals.server";
import { formatDate } from "#app/utils/dates";

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ proposals: await listProposals(context.user), canCreate: canManageProposals(context.user) });
}

export default function Proposals() {
  const { proposals, canCreate } = useLoaderData<typeof loader>();
  const open = proposals.filter((p) => p.status === "OPEN");
  const other = proposals.filter((p) => p.status !== "OPEN");
  return (
    <>
      <h1>Proposals</h1>
      {canCreate ? (
        <p>
          <Link to="/manage/proposals">Manage proposals</Link>
        </p>
      ) : null}
      <h2>Open for comment</h2>
      {open.length === 0 ? <p>None at the moment.</p> : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {open.map((p) => (
          <li key={p.id}>
            <Link to={`/proposals/${p.slug}`}>{p.title}</Link>
            {p.audience === "INVITED" ? " (invitation only)" : ""}
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
              {p.summary} {p.discussionClosesAt ? `Comments close ${formatDate(p.discussionClosesAt)}.` : ""}
            </p>
          </li>
        ))}
      </ul>
      <h2>Earlier proposals</h2>
      {other.length === 0 ? <p>None yet.</p> : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {other.map((p) => (
          <li key={p.id}>
            <Link to={`/proposals/${p.slug}`}>{p.title}</Link>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">{p.summary}</p>
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Proposals - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAllProposals } from "~/features/consultations/manage-proposals.server";
import { formatDate } from "~/utils/dates";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "create:proposal:any");
  return json({ proposals: await listAllProposals() });
}

export default function ManageProposals() {
  const { proposals } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Manage proposals</h1>
      <p>
        <Link className="nhsuk-button" to="/manage/proposals/new">Create a proposal</Link>{" "}
        <Link to="/manage/moderation">Moderation and safeguarding</Link>
      </p>
      <table className="nhsuk-table">
        <caption className="nhsuk-table__caption nhsuk-u-visually-hidden">All proposals</caption>
        <thead className="nhsuk-table__head">
          <tr className="nhsuk-table__row">
            <th className="nhsuk-table__header" scope="col">Proposal</th>
            <th className="nhsuk-table__header" scope="col">Status</th>
            <th className="nhsuk-table__header" scope="col">Discussion period</th>
            <th className="nhsuk-table__header" scope="col">Comments</th>
          </tr>
        </thead>
        <tbody className="nhsuk-table__body">
          {proposals.map((p) => (
            <tr className="nhsuk-table__row" key={p.id}>
              <td className="nhsuk-table__cell"><Link to={`/manage/proposals/${p.slug}`}>{p.title}</Link></td>
              <td className="nhsuk-table__cell">{p.status === "DRAFT" && p.publishedAt ? "Scheduled" : p.status.replace("_", " ").toLowerCase()}{p.audience === "INVITED" ? ", invitation only" : ""}</td>
              <td className="nhsuk-table__cell">{p.discussionOpensAt && p.discussionClosesAt ? `${formatDate(p.discussionOpensAt)} to ${formatDate(p.discussionClosesAt)}` : "Not set"}</td>
              <td className="nhsuk-table__cell">{p._count.comments}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Manage proposals - Touchstone" }];

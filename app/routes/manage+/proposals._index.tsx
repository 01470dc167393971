import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listAllProposals } from "#app/features/consultations/manage-proposals.server";
import { formatDate } from "#app/utils/dates";
import { requirePermission } from "#app/utils/permissions.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";

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
        <Link className="nhsuk-button" to="/manage/proposals/new">
          Create a proposal
        </Link>{" "}
        <Link to="/manage/moderation">Moderation and safeguarding</Link>
      </p>
      <ResponsiveTable captionClassName="nhsuk-u-visually-hidden" caption="All proposals" head={["Proposal", "Status", "Discussion period", "Comments"]}>
        {proposals.map((p) => (
          <Row key={p.id}>
            <Cell heading="Proposal">
              <Link to={`/manage/proposals/${p.slug}`}>{p.title}</Link>
            </Cell>
            <Cell heading="Status">
              {p.status === "DRAFT" && p.publishedAt ? "Scheduled" : p.status.replace("_", " ").toLowerCase()}
              {p.audience === "INVITED" ? ", invitation only" : ""}
            </Cell>
            <Cell heading="Discussion period">
              {p.discussionOpensAt && p.discussionClosesAt ? `${formatDate(p.discussionOpensAt)} to ${formatDate(p.discussionClosesAt)}` : "Not set"}
            </Cell>
            <Cell heading="Comments">{p._count.comments}</Cell>
          </Row>
        ))}
      </ResponsiveTable>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Manage proposals - Touchstone" }];

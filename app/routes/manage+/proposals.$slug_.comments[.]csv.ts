import type { LoaderFunctionArgs } from "@remix-run/node";
import { commentsCsv, findProposalForExport } from "#app/features/consultations/manage-proposals.server";
import { requirePermission } from "#app/utils/permissions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "create:proposal:any");
  const proposal = await findProposalForExport(params.slug ?? "");
  if (!proposal) throw new Response("Not found", { status: 404 });
  // A byte-order mark lets spreadsheet programs read the UTF-8 correctly.
  return new Response(`\uFEFF${await commentsCsv(proposal.id)}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${proposal.slug}-comments.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { findReport } from "~/features/analysis/outcome.server";
import { renderReportPdf } from "~/features/analysis/report-pdf.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const report = await findReport(params.slug ?? "", context.user);
  if (!report) throw new Response("Not found", { status: 404 });
  const pdf = await renderReportPdf(report);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Disposition": `attachment; filename="consultation-report-${report.proposal.slug}.pdf"`,
      // Drafts are commissioners' only: never let a shared cache keep one.
      "Cache-Control": "private, no-store",
    },
  });
}

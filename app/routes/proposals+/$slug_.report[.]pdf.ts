import type { LoaderFunctionArgs } from "@remix-run/node";
import { findReport } from "#app/features/analysis/outcome.server";
import { renderReportPdf } from "#app/features/analysis/report-pdf.server";
import { pdfResponse } from "#app/utils/pdf.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const report = await findReport(params.slug ?? "", context.user);
  if (!report) throw new Response("Not found", { status: 404 });
  // Drafts are commissioners' only: pdfResponse never lets a shared cache keep one.
  return pdfResponse(await renderReportPdf(report), `consultation-report-${report.proposal.slug}.pdf`);
}

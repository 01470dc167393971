import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { findPaper, readPaper } from "#app/features/governance/papers.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const paper = await findPaper(context.user, params.slug ?? "", params.paperId ?? "");
  if (!paper) throw new Response("Not found", { status: 404 });
  if (paper.kind === "REPORT" && paper.reportId) return redirect(`/bodies/${params.slug}/reports/${paper.reportId}`);
  if (paper.version) return redirect(`/proposals/${paper.version.proposal.slug}?version=${paper.version.number}`);
  const bytes = await readPaper(paper.storageKey!);
  return new Response(new Uint8Array(bytes), {
    headers: {
      // Always a download, of the type checked at upload (helmet adds nosniff to every response).
      "Content-Type": paper.contentType!,
      "Content-Disposition": `attachment; filename="${paper.fileName}"`,
      "Cache-Control": "private, no-store",
    },
  });
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { findPaper, findPaperVersion, readPaper } from "#app/features/governance/papers.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const paper = await findPaper(context.user, params.slug ?? "", params.paperId ?? "");
  if (!paper) throw new Response("Not found", { status: 404 });
  if (paper.kind === "REPORT" && paper.reportId) return redirect(`/bodies/${params.slug}/reports/${paper.reportId}`);
  if (paper.kind === "PROPOSAL_VERSION" && paper.proposalVersionId) {
    const version = await findPaperVersion(paper.proposalVersionId);
    if (!version) throw new Response("Not found", { status: 404 });
    return redirect(`/proposals/${version.proposal.slug}?version=${version.number}`);
  }
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

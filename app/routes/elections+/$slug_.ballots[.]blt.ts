import type { LoaderFunctionArgs } from "@remix-run/node";
import { publishedBallots } from "#app/features/elections/elections.server";

// The anonymised ballots, for anyone to recount, once declared and when enough people voted.
export async function loader({ params }: LoaderFunctionArgs) {
  const published = await publishedBallots(params.slug ?? "");
  if (!published?.blt) throw new Response("Not published", { status: 404 });
  return new Response(published.blt, {
    headers: { "Content-Type": "text/plain; charset=utf-8", "Content-Disposition": `attachment; filename="${params.slug}.blt"` },
  });
}

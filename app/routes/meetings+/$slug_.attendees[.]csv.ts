import type { LoaderFunctionArgs } from "@remix-run/node";
import { attendeesCsv } from "#app/features/meetings/registrations.server";
import { requirePermission } from "#app/utils/permissions.server";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requirePermission(context, request, "organise:meeting:any");
  const csv = await attendeesCsv(viewer, params.slug ?? "");
  if (csv === null) throw new Response("Not found", { status: 404 });
  return new Response(`\uFEFF${csv}`, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${params.slug}-attendees.csv"`,
      "Cache-Control": "no-store",
    },
  });
}

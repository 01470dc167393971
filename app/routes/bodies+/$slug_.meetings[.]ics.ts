import type { LoaderFunctionArgs } from "@remix-run/node";
import { bodyMeetingsCalendar } from "#app/features/governance/body-meetings.server";

// Subscribe to a body's meetings from any calendar program.
export async function loader({ params }: LoaderFunctionArgs) {
  const calendar = await bodyMeetingsCalendar(params.slug ?? "");
  if (calendar === null) throw new Response("Not found", { status: 404 });
  return new Response(calendar, {
    headers: {
      "Content-Type": "text/calendar; charset=utf-8",
      "Content-Disposition": `inline; filename="${params.slug}-meetings.ics"`,
      "Cache-Control": "public, max-age=300",
    },
  });
}

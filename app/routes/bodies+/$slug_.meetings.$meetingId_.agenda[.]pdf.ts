import type { LoaderFunctionArgs } from "@remix-run/node";
import { agendaPackPdf } from "#app/features/governance/meeting-pdf.server";
import { loadMeetingRecord } from "#app/features/governance/meeting-record.server";
import { pdfResponse } from "#app/utils/pdf.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const record = await loadMeetingRecord(context.user, params.slug ?? "", params.meetingId ?? "");
  if (!record || (!record.meeting.papersPublishedAt && !record.secretary)) throw new Response("Not found", { status: 404 });
  return pdfResponse(await agendaPackPdf(record), `agenda-${params.slug}-${record.meeting.startsAt.toISOString().slice(0, 10)}.pdf`);
}

import type { LoaderFunctionArgs } from "@remix-run/node";
import { minutesPdf } from "#app/features/governance/meeting-pdf.server";
import { loadMeetingRecord } from "#app/features/governance/meeting-record.server";
import { pdfResponse } from "#app/utils/pdf.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const record = await loadMeetingRecord(context.user, params.slug ?? "", params.meetingId ?? "");
  if (!record?.showMinutes) throw new Response("Not found", { status: 404 });
  return pdfResponse(await minutesPdf(record), `minutes-${params.slug}-${record.meeting.startsAt.toISOString().slice(0, 10)}.pdf`);
}

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { MeetingFormSchema } from "~/features/meetings/meetings.schema";
import { getMeeting, proposalChoices, saveMeeting } from "~/features/meetings/meetings.server";
import { MeetingForm, type MeetingValues } from "~/features/meetings/ui/meeting-form";
import { londonToday } from "~/utils/dates";
import { parseForm, type FormReply } from "~/utils/forms";
import { requirePermission } from "~/utils/permissions.server";

const time = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "organise:meeting:any");
  const meeting = await getMeeting(params.slug ?? "");
  if (!meeting) throw new Response("Not found", { status: 404 });
  const values: MeetingValues = {
    title: meeting.title,
    description: meeting.description,
    date: londonToday(meeting.startsAt),
    startTime: time(meeting.startsAt),
    endTime: time(meeting.endsAt),
    venueName: meeting.venueName ?? "",
    venueAddress: meeting.venueAddress ?? "",
    parking: meeting.parking ?? "",
    onlineUrl: meeting.onlineUrl ?? "",
    capacity: String(meeting.capacity),
    registrationOpensDate: londonToday(meeting.registrationOpensAt),
    registrationClosesDate: londonToday(meeting.registrationClosesAt),
    proposalId: meeting.proposal?.id ?? "",
    ...(meeting.stepFreeAccess ? { stepFreeAccess: "on" } : {}),
    ...(meeting.hearingLoop ? { hearingLoop: "on" } : {}),
    ...(meeting.accessibleToilets ? { accessibleToilets: "on" } : {}),
  };
  return json({ slug: meeting.slug, values, proposals: await proposalChoices() });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "organise:meeting:any");
  const form = parseForm(await request.formData(), MeetingFormSchema);
  if (!form.success) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await saveMeeting(actor, params.slug ?? "", form.data);
  if (!result.ok) return json({ errors: result.errors, values: {} as Record<string, string> }, { status: result.status });
  return redirect(`/meetings/${result.slug}/organise`);
}

export default function EditMeeting() {
  const { slug, values, proposals } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <>
      <div className="nhsuk-back-link"><Link className="nhsuk-back-link__link" to={`/meetings/${slug}/organise`}>Back to organising</Link></div>
      <h1>Edit the meeting</h1>
      <p>Change the number of places on the organising page: raising it confirms people from the waiting list.</p>
      <MeetingForm values={{ ...values, ...(reply?.values ?? {}) }} errors={reply?.errors} proposals={proposals} capacityEditable={false} submitLabel="Save changes" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Edit the meeting - Touchstone" }];

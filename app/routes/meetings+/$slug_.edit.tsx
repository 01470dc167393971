import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { MeetingFormSchema } from "#app/features/meetings/meetings.schema";
import { getMeeting, proposalChoices, saveMeeting } from "#app/features/meetings/meetings.server";
import { MeetingForm, type MeetingValues } from "#app/features/meetings/ui/meeting-form";
import { londonToday } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";

const time = (d: Date) => new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/London", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(d);

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const organiser = requirePermission(context, request, "organise:meeting:any");
  const meeting = await getMeeting(params.slug ?? "", organiser);
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

// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requirePermission(context, request, "organise:meeting:any"), slug: params.slug ?? "" }),
  (intent) => ({
    save: intent({
      schema: MeetingFormSchema,
      run: (input, { actor, slug }) => saveMeeting(actor, slug, input),
      success: (saved) => redirect(`/meetings/${saved.slug}/organise`),
    }),
  }),
);

export default function EditMeeting() {
  const { slug, values, proposals } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/meetings/${slug}/organise`}>
          Back to organising
        </Link>
      </div>
      <h1>Edit the meeting</h1>
      <p>Change the number of places on the organising page: raising it confirms people from the waiting list.</p>
      <MeetingForm
        values={{ ...values, ...(reply?.values ?? {}) }}
        errors={reply?.errors}
        proposals={proposals}
        capacityEditable={false}
        submitLabel="Save changes"
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Edit the meeting - Touchstone" }];

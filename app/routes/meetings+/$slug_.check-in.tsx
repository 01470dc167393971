import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useState } from "react";
import { Button, TextInput } from "#app/components/ui/fields";
import { meetingRoom } from "#app/features/meetings/meetings.events";
import { CheckInSchema, FindSchema } from "#app/features/meetings/meetings.schema";
import { attendees, checkIn, findForCheckIn } from "#app/features/meetings/registrations.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";
import { useRoomEvents } from "#app/utils/realtime-context";

// Built for a phone at the door: find someone by code or name, mark them as here.
export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const viewer = requirePermission(context, request, "organise:meeting:any");
  const list = await attendees(viewer, params.slug ?? "");
  if (!list) throw new Response("Not found", { status: 404 });
  const { q } = FindSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return json({
    meeting: { id: list.meeting.id, slug: list.meeting.slug, title: list.meeting.title },
    attended: list.counts.attended,
    confirmed: list.counts.confirmed,
    q: q ?? "",
    matches: await findForCheckIn(viewer, params.slug ?? "", q ?? ""),
  });
}

// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({
    actor: requirePermission(context, request, "organise:meeting:any"),
    slug: params.slug ?? "",
    publisher: context.publisher,
  }),
  (intent) => ({
    "check-in": intent({
      schema: CheckInSchema,
      run: (input, { actor, slug, publisher }) => checkIn(actor, slug, input.registrationId, publisher),
      success: () => ({ message: "Checked in" }),
    }),
  }),
);

export default function CheckIn() {
  const data = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("check-in");
  const said = reply ? (reply.message ?? Object.values(reply.errors ?? {}).flat()[0] ?? "Could not check in") : null;
  const [attended, setAttended] = useState<number | null>(null);
  useRoomEvents(meetingRoom(data.meeting.id), (event) => {
    if (event.name === "meeting:attendance") setAttended(event.payload.attended);
  });
  return (
    <>
      <h1 className="nhsuk-heading-l">Check-in: {data.meeting.title}</h1>
      <p className="nhsuk-body-l" aria-live="polite" data-testid="attended">
        {attended ?? data.attended} of {data.confirmed} here
      </p>
      {reply ? (
        <div key={reply.done ?? undefined} className={reply.status === "success" ? "nhsuk-inset-text" : "nhsuk-error-summary"} role="alert">
          <p>{said}</p>
        </div>
      ) : null}
      <Form method="get">
        <TextInput name="q" label="Registration code or name" type="search" defaultValue={data.q} autoComplete="off" />
        <Button secondary>Find</Button>
      </Form>
      {data.q && data.matches.length === 0 ? <p>No confirmed registration matches “{data.q}”.</p> : null}
      <ul className="nhsuk-list nhsuk-list--border">
        {data.matches.map((m) => (
          <li key={m.id}>
            <strong>{m.name}</strong>{" "}
            <span className="nhsuk-body-s">
              {m.code}
              {m.places > 1 ? ", with a supporter" : ""}
            </span>
            {m.attendedAt ? (
              <p className="nhsuk-body-s">Already checked in</p>
            ) : (
              <Form method="post">
                <input type="hidden" name="intent" value="check-in" />
                <input type="hidden" name="registrationId" value={m.id} />
                <Button>
                  Check in<span className="nhsuk-u-visually-hidden"> {m.name}</span>
                </Button>
              </Form>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Check-in - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { MeetingFormSchema } from "#app/features/meetings/meetings.schema";
import { proposalChoices, saveMeeting } from "#app/features/meetings/meetings.server";
import { MeetingForm } from "#app/features/meetings/ui/meeting-form";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "organise:meeting:any");
  return json({ proposals: await proposalChoices() });
}

// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requirePermission(context, request, "organise:meeting:any") }),
  (intent) => ({
    save: intent({
      schema: MeetingFormSchema,
      run: (input, { actor }) => saveMeeting(actor, null, input),
      success: (saved) => redirect(`/meetings/${saved.slug}/organise`),
    }),
  }),
);

export default function NewMeeting() {
  const { proposals } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  return (
    <>
      <h1>Arrange a meeting</h1>
      <MeetingForm
        values={{ startTime: "14:00", endTime: "15:30", capacity: "60", stepFreeAccess: "on", ...(reply?.values ?? {}) }}
        errors={reply?.errors}
        proposals={proposals}
        capacityEditable
        submitLabel="Create meeting"
      />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Arrange a meeting - Touchstone" }];

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData, useLoaderData } from "@remix-run/react";
import { MeetingFormSchema } from "~/features/meetings/meetings.schema";
import { proposalChoices, saveMeeting } from "~/features/meetings/meetings.server";
import { MeetingForm } from "~/features/meetings/ui/meeting-form";
import { parseForm, type FormReply } from "~/utils/forms";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "organise:meeting:any");
  return json({ proposals: await proposalChoices() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "organise:meeting:any");
  const form = parseForm(await request.formData(), MeetingFormSchema);
  if (!form.success) return json({ errors: form.errors, values: form.values }, { status: 400 });
  const result = await saveMeeting(actor, null, form.data);
  if (!result.ok) return json({ errors: result.errors, values: {} as Record<string, string> }, { status: result.status });
  return redirect(`/meetings/${result.slug}/organise`);
}

export default function NewMeeting() {
  const { proposals } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>() as FormReply | undefined;
  return (
    <>
      <h1>Arrange a meeting</h1>
      <MeetingForm values={{ startTime: "14:00", endTime: "15:30", capacity: "60", stepFreeAccess: "on", ...(reply?.values ?? {}) }} errors={reply?.errors} proposals={proposals} capacityEditable submitLabel="Create meeting" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Arrange a meeting - Touchstone" }];

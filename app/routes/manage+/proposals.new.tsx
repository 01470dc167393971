import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { useActionData } from "@remix-run/react";
import { readEditorForm } from "~/features/consultations/editor-form.server";
import { createProposal } from "~/features/consultations/manage-proposals.server";
import { ProposalEditor, type EditorValues } from "~/features/consultations/ui/proposal-editor";
import { addDays, londonToday } from "~/utils/dates";
import type { FieldErrors } from "~/utils/forms";
import { requirePermission } from "~/utils/permissions.server";
import { ALREADY_SENT, submissionFrom, submitOnce } from "~/utils/idempotency.server";
import { fail } from "~/utils/results";

export function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "create:proposal:any");
  const today = londonToday();
  return json({ opensDate: addDays(today, 7), closesDate: addDays(today, 35) });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "create:proposal:any");
  const formData = await request.formData();
  const read = readEditorForm(formData);
  if (read.kind === "reply") return read.response;
  const once = submissionFrom(formData, actor.id, "proposal");
  if (!once.ok) return json({ values: read.values, errors: once.errors, previews: null }, { status: 400 });
  const result = await submitOnce(once.submission, () => createProposal(actor, read.form), () => fail(409, "form", ALREADY_SENT));
  if (!result.ok) return json({ values: read.values, errors: result.errors, previews: null }, { status: result.status });
  return redirect(`/manage/proposals/${result.slug}?created=1`);
}

export default function NewProposal() {
  const reply = useActionData<typeof action>() as { values: EditorValues; errors: FieldErrors | null; previews: string[] | null } | undefined;
  const values: EditorValues = reply?.values ?? {
    title: "",
    summary: "",
    audience: "PUBLIC",
    premoderation: false,
    reportThreshold: "3",
    opensDate: "",
    opensTime: "09:00",
    closesDate: "",
    closesTime: "17:00",
    sections: [],
  };
  return (
    <>
      <h1>Create a proposal</h1>
      <p>It is saved as a draft that only commissioners can see until you publish it.</p>
      <ProposalEditor values={values} errors={reply?.errors} previews={reply?.previews} scheduleEditable submitLabel="Save draft" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Create a proposal - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { editorRedrawIntents, typedEditor } from "#app/features/consultations/editor-form.server";
import { createProposal } from "#app/features/consultations/manage-proposals.server";
import { ProposalFormSchema } from "#app/features/consultations/manage.schema";
import { ProposalEditor, type EditorValues } from "#app/features/consultations/ui/proposal-editor";
import { addDays, londonToday } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";

export function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "create:proposal:any");
  const today = londonToday();
  return json({ opensDate: addDays(today, 7), closesDate: addDays(today, 35) });
}

// Pure: the browser build drops the action (its .server imports are empty there; see ADR 027).
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requirePermission(context, request, "create:proposal:any") }),
  (intent) => {
    return {
      save: intent({
        schema: ProposalFormSchema,
        form: "editor",
        keep: typedEditor,
        run: (input, { actor }) => createProposal(actor, input),
        success: (created) => redirect(`/manage/proposals/${created.slug}?created=1`),
      }),
      // "Preview" and "Add another section" draw the editor again; nothing is saved.
      ...editorRedrawIntents(intent),
    };
  },
  // A post too large to read is almost certainly the editor's: its error summary says so.
  { form: "editor" },
);

const EMPTY: EditorValues = {
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

export default function NewProposal() {
  const reply = useFormReply<typeof action>("editor");
  const values: EditorValues = reply?.result?.values ?? reply?.values ?? EMPTY;
  return (
    <>
      <h1>Create a proposal</h1>
      <p>It is saved as a draft that only commissioners can see until you publish it.</p>
      <ProposalEditor values={values} errors={reply?.errors} previews={reply?.result?.previews} scheduleEditable submitLabel="Save draft" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Create a proposal - Touchstone" }];

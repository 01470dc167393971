import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { myActions, updateAction } from "#app/features/governance/actions.server";
import { ActionUpdateSchema } from "#app/features/governance/meeting-business.schema";
import { sendOnce } from "#app/features/governance/send-once.server";
import { ActionList, actionUpdateForm } from "#app/features/governance/ui/action-list";
import { londonToday } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requireUser(context, request);
  return json({ actions: await myActions(viewer), today: londonToday() });
}

export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requireUser(context, request) }),
  (intent) => ({
    "update-action": intent({
      schema: ActionUpdateSchema,
      form: (fields) => actionUpdateForm(String(fields.actionId ?? "")),
      run: (input, { actor }) => sendOnce(actor, input.idempotencyKey, `action:${input.actionId}:update`, () => updateAction(actor, input.actionId, input)),
      success: () => ({ message: "Update added" }),
    }),
  }),
);

export default function MyActions() {
  const { actions, today } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  return (
    <>
      <h1>Your actions</h1>
      <p>Actions from Board and other meetings that you own. Add an update when there is progress, and mark them done.</p>
      {actions.length ? <ActionList actions={actions} today={today} canUpdate={() => true} reply={reply} /> : <p>You have no actions.</p>}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your actions - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actionLog, updateAction } from "~/features/governance/actions.server";
import { findBody } from "~/features/governance/bodies.server";
import { ActionUpdateSchema } from "~/features/governance/meeting-business.schema";
import { managesBody } from "~/features/governance/secretaries.server";
import { sendOnce } from "~/features/governance/send-once.server";
import { ActionList, actionUpdateForm } from "~/features/governance/ui/action-list";
import { londonToday } from "~/utils/dates";
import { formAction } from "~/utils/form-actions.server";
import { useFormReply } from "~/utils/form-reply";
import { requireUser } from "~/utils/permissions.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const body = await findBody(params.slug ?? "");
  if (!body) throw new Response("Not found", { status: 404 });
  return json({ body, actions: await actionLog(context.user, body.id), secretary: await managesBody(context.user, { id: body.id }), userId: context.user?.id ?? null, today: londonToday() });
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

export default function ActionLog() {
  const { body, actions, secretary, userId, today } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  return (
    <>
      <div className="nhsuk-back-link"><Link className="nhsuk-back-link__link" to={`/bodies/${body.slug}`}>{body.name}</Link></div>
      <h1>Action log: {body.name}</h1>
      {actions.length ? <ActionList actions={actions} today={today} canUpdate={(a) => secretary || a.owner?.id === userId} reply={reply} /> : <p>No actions yet.</p>}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Action log: ${data?.body.name ?? "body"} - Touchstone` }];

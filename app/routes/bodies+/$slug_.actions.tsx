import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actionLog, updateAction } from "#app/features/governance/actions.server";
import { findBody } from "#app/features/governance/bodies.server";
import { ActionUpdateSchema } from "#app/features/governance/meeting-business.schema";
import { managesBody } from "#app/features/governance/secretaries.server";
import { sendOnce } from "#app/features/governance/send-once.server";
import { ActionList, actionUpdateForm } from "#app/features/governance/ui/action-list";
import { londonToday } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const body = await findBody(params.slug ?? "");
  if (!body) throw new Response("Not found", { status: 404 });
  return json({
    body,
    actions: await actionLog(context.user, body.id),
    secretary: await managesBody(context.user, { id: body.id }),
    userId: context.user?.id ?? null,
    today: londonToday(),
  });
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
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/bodies/${body.slug}`}>
          {body.name}
        </Link>
      </div>
      <h1>Action log: {body.name}</h1>
      {actions.length ? (
        <ActionList actions={actions} today={today} canUpdate={(a) => secretary || a.owner?.id === userId} reply={reply} />
      ) : (
        <p>No actions yet.</p>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Action log: ${data?.body.name ?? "body"} - Touchstone` }];

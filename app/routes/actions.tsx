import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { myActions, updateActionFromForm } from "~/features/governance/actions.server";
import { ActionList } from "~/features/governance/ui/action-list";
import { londonToday } from "~/utils/dates";
import { requireUser } from "~/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return json({ actions: await myActions(user.id), today: londonToday() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const result = await updateActionFromForm(user, await request.formData());
  return json(result.body, { status: result.status });
}

export default function MyActions() {
  const { actions, today } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Your actions</h1>
      <p>Actions from Board and other meetings that you own. Add an update when there is progress, and mark them done.</p>
      {actions.length ? <ActionList actions={actions} today={today} canUpdate={() => true} /> : <p>You have no actions.</p>}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Your actions - Touchstone" }];

import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { actionLog, updateActionFromForm } from "~/features/governance/actions.server";
import { managesBody } from "~/features/governance/secretaries.server";
import { ActionList } from "~/features/governance/ui/action-list";
import { db } from "~/utils/db.server";
import { londonToday } from "~/utils/dates";
import { requireUser } from "~/utils/permissions.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const body = await db.body.findUnique({ where: { slug: params.slug ?? "" }, select: { id: true, slug: true, name: true } });
  if (!body) throw new Response("Not found", { status: 404 });
  return json({ body, actions: await actionLog(body.id, context.user), secretary: await managesBody(context.user, { id: body.id }), userId: context.user?.id ?? null, today: londonToday() });
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const result = await updateActionFromForm(user, await request.formData());
  return json(result.body, { status: result.status });
}

export default function ActionLog() {
  const { body, actions, secretary, userId, today } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="nhsuk-back-link"><Link className="nhsuk-back-link__link" to={`/bodies/${body.slug}`}>{body.name}</Link></div>
      <h1>Action log: {body.name}</h1>
      {actions.length ? <ActionList actions={actions} today={today} canUpdate={(a) => secretary || a.owner?.id === userId} /> : <p>No actions yet.</p>}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `Action log: ${data?.body.name ?? "body"} - Touchstone` }];

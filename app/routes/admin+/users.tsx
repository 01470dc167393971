import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { ChangeRoleSchema, ROLE_LABELS, STAKEHOLDER_TYPE_LABELS, UserSearchSchema } from "#app/features/accounts/accounts.schema";
import { changeRole, listUsers } from "#app/features/accounts/roles.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const viewer = requirePermission(context, request, "read:users:any");
  const search = UserSearchSchema.safeParse(Object.fromEntries(new URL(request.url).searchParams));
  return json(await listUsers(viewer, search.success ? search.data.q : undefined));
}

const ROLES_FORM = "roles";

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requirePermission(context, request, "update:user-roles:any"), publisher: context.publisher }),
  (intent) => ({
    grant: intent({
      schema: ChangeRoleSchema,
      form: ROLES_FORM,
      run: (input, { actor, publisher }) => changeRole(actor, input, publisher),
      success: (_made, input) => ({ message: `Granted ${ROLE_LABELS[input.role]}` }),
    }),
    revoke: intent({
      schema: ChangeRoleSchema,
      form: ROLES_FORM,
      run: (input, { actor, publisher }) => changeRole(actor, input, publisher),
      success: (_made, input) => ({ message: `Removed ${ROLE_LABELS[input.role]}` }),
    }),
  }),
);

export default function AdminUsers() {
  const { users, total, pageSize, roles } = useLoaderData<typeof loader>();
  const actionData = useFormReply<typeof action>(ROLES_FORM);
  const [searchParams] = useSearchParams();
  return (
    <>
      <ErrorSummary errors={actionData?.errors} />
      <h1>People and roles</h1>
      <p>
        <Link to="/admin/retention">How long data is kept</Link>
      </p>
      {actionData?.message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{actionData.message}.</p>
        </div>
      ) : null}
      <Form method="get" className="nhsuk-u-margin-bottom-5">
        <div className="nhsuk-form-group">
          <label className="nhsuk-label" htmlFor="q">
            Find by name or email
          </label>
          <input className="nhsuk-input nhsuk-input--width-30" id="q" name="q" type="search" defaultValue={searchParams.get("q") ?? ""} />
        </div>
        <Button secondary>Search</Button>
      </Form>
      <p>
        Showing {users.length} of {total} {total === 1 ? "person" : "people"}
        {total > pageSize ? ". Search to narrow the list." : "."}
      </p>
      <ResponsiveTable className="app-user-table" captionClassName="nhsuk-u-visually-hidden" caption="People and their roles" head={["Person", "Roles"]}>
        {users.map((user) => (
          <Row key={user.id}>
            <Cell heading="Person">
              <strong>{user.displayName}</strong>
              <br />
              <Link to={`/admin/users/${user.id}`}>
                Data rights<span className="nhsuk-u-visually-hidden"> of {user.displayName}</span>
              </Link>
              <br />
              {user.email}
              <br />
              <span className="nhsuk-body-s">
                {STAKEHOLDER_TYPE_LABELS[user.stakeholderType]}
                {user.emailVerifiedAt ? "" : " (email not confirmed)"}
              </span>
            </Cell>
            <Cell heading="Roles">
              {roles.map((role) => {
                const has = user.roles.includes(role);
                const intent = has ? "revoke" : "grant";
                if (user.fixedRoles.includes(role)) {
                  return (
                    <p className="nhsuk-body-s app-inline-form" key={role}>
                      {ROLE_LABELS[role]} (yours)
                    </p>
                  );
                }
                return (
                  <Form method="post" className="app-inline-form" key={role}>
                    <input type="hidden" name="userId" value={user.id} />
                    <input type="hidden" name="role" value={role} />
                    <Button secondary={!has} name="intent" value={intent}>
                      {has ? "Remove" : "Make"} {ROLE_LABELS[role].toLowerCase()}
                      <span className="nhsuk-u-visually-hidden">
                        {has ? " role from " : ": "}
                        {user.displayName}
                      </span>
                    </Button>
                  </Form>
                );
              })}
            </Cell>
          </Row>
        ))}
      </ResponsiveTable>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "People and roles - Touchstone" }];

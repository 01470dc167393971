import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Radios, TextInput } from "#app/components/ui/fields";
import { ROLE_LABELS } from "#app/features/accounts/accounts.schema";
import { accountForAdministrator, eraseByAdministrator } from "#app/features/privacy/erasure.server";
import { buildExportsSoon, exportsRequestedBy, requestSubjectAccessExport } from "#app/features/privacy/export.server";
import { canEraseOthers, canExportForOthers } from "#app/features/privacy/privacy.policy";
import { AdminErasureSchema, SubjectAccessSchema } from "#app/features/privacy/privacy.schema";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission, requireUser } from "#app/utils/permissions.server";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const actor = requirePermission(context, request, "read:users:any");
  const person = await accountForAdministrator(params.userId ?? "");
  if (!person) throw new Response("This account does not exist", { status: 404 });
  return json({
    person: { ...person, roles: person.roles.map((r) => ROLE_LABELS[r.role]) },
    exports: await exportsRequestedBy(actor.id, person.id),
    canExport: canExportForOthers(actor),
    canErase: canEraseOthers(actor) && person.id !== actor.id,
  });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requireUser(context, request), subjectId: params.userId ?? "", publisher: context.publisher }),
  (intent) => ({
    export: intent({
      schema: SubjectAccessSchema,
      run: (input, { actor, subjectId }) => requestSubjectAccessExport(actor, subjectId, input.reference),
      success: () => {
        buildExportsSoon();
        return { message: "The copy is being prepared. We will email you a link to download it." };
      },
    }),
    erase: intent({
      schema: AdminErasureSchema,
      run: (input, { actor, subjectId, publisher }) =>
        eraseByAdministrator(actor, subjectId, { text: input.text, reference: input.erasureReference }, publisher),
      success: (_made, _input, { subjectId }) => redirect(`/admin/users/${subjectId}`),
    }),
  }),
);

export default function PersonPrivacy() {
  const { person, exports, canExport, canErase } = useLoaderData<typeof loader>();
  // Both forms report in the one error summary at the top of the page.
  const actionData = useFormReply<typeof action>();
  const errors = actionData?.errors;
  const pending = exports.some((e) => e.status === "QUEUED" || e.status === "RUNNING");
  const { revalidate, state } = useRevalidator();
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => state === "idle" && revalidate(), 2000);
    return () => clearInterval(timer);
  }, [pending, revalidate, state]);

  if (person.erasedAt) {
    return (
      <>
        <h1>Former participant</h1>
        <p>This account was deleted on {formatDateTime(person.erasedAt)}. Nothing that says who they were is held.</p>
        <p>
          <Link to="/admin/users">Back to people and roles</Link>
        </p>
      </>
    );
  }
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={["reference", "erasureReference", "text", "confirm"]} />
        <h1>{person.displayName}: data rights</h1>
        <SummaryList>
          <SummaryRow label="Email address">{person.email}</SummaryRow>
          <SummaryRow label="Account since">{formatDateTime(person.createdAt)}</SummaryRow>
          <SummaryRow label="Roles">{["Stakeholder", ...person.roles].join(", ")}</SummaryRow>
          <SummaryRow label="Privacy notice accepted">{person.privacyNoticeVersion ? `Version ${person.privacyNoticeVersion}` : "Not recorded"}</SummaryRow>
        </SummaryList>
        {actionData?.message ? (
          <div className="nhsuk-inset-text" role="status">
            <p>{actionData.message}</p>
          </div>
        ) : null}

        <h2>Subject access request</h2>
        {canExport ? (
          <>
            <p>
              Produce a copy of everything held about this person. The request is recorded in the audit log, and the download link is emailed to you and works
              only for you.
            </p>
            <Form method="post" noValidate>
              <input type="hidden" name="intent" value="export" />
              <TextInput
                name="reference"
                label="Reference of the request"
                hint="For example the case number of the letter or email that asked."
                width={20}
                error={errors?.reference}
                defaultValue={actionData?.values?.reference}
              />
              <Button secondary>Produce a copy of their data</Button>
            </Form>
            {exports.length ? (
              <ul className="nhsuk-list nhsuk-list--border">
                {exports.map((e) => (
                  <li key={e.id} role="status">
                    Asked for {formatDateTime(e.createdAt)}:{" "}
                    {e.status === "READY"
                      ? "ready; the link is in your email"
                      : e.status === "FAILED"
                        ? "could not be prepared"
                        : `being prepared, ${e.progress}% done`}
                  </li>
                ))}
              </ul>
            ) : null}
          </>
        ) : (
          <p>Only administrators can answer a subject access request.</p>
        )}

        <h2>Erasure request</h2>
        {canErase ? (
          <Form method="post" noValidate>
            <input type="hidden" name="intent" value="erase" />
            <p>
              Deleting the account does everything described on the person&apos;s own delete page: their details go, their registrations are cancelled,
              nominations withdrawn and seats ended. It is recorded in the audit log and cannot be undone.
            </p>
            <TextInput
              name="erasureReference"
              label="Reference of the request"
              width={20}
              error={errors?.erasureReference}
              defaultValue={actionData?.values?.erasureReference}
            />
            <Radios
              name="text"
              legend="What should happen to what they wrote?"
              error={errors?.text}
              options={[
                { value: "remove", label: "Remove it (threads keep a tombstone)" },
                { value: "keep", label: "Keep it, as “Former participant”" },
              ]}
            />
            <div className={`nhsuk-form-group${errors?.confirm ? " nhsuk-form-group--error" : ""}`}>
              {errors?.confirm ? (
                <span className="nhsuk-error-message" id="confirm-error">
                  <span className="nhsuk-u-visually-hidden">Error:</span> {errors.confirm[0]}
                </span>
              ) : null}
              <div className="nhsuk-checkboxes">
                <div className="nhsuk-checkboxes__item">
                  <input
                    className="nhsuk-checkboxes__input"
                    id="confirm"
                    name="confirm"
                    type="checkbox"
                    value="yes"
                    aria-describedby={errors?.confirm ? "confirm-error" : undefined}
                  />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="confirm">
                    I have checked that this is the person who asked, and their account should be deleted
                  </label>
                </div>
              </div>
            </div>
            <button className="nhsuk-button nhsuk-button--warning" data-module="nhsuk-button" type="submit">
              Delete this account
            </button>
          </Form>
        ) : (
          <p>Only administrators can carry out an erasure request, and not on their own account (they use Your account).</p>
        )}
        <p>
          <Link to="/admin/users">Back to people and roles</Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Data rights - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator } from "@remix-run/react";
import { useEffect } from "react";
import { z } from "zod";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button } from "#app/components/ui/fields";
import { buildExportsSoon, exportsRequestedBy, requestOwnExport } from "#app/features/privacy/export.server";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  return json({ email: user.email, exports: await exportsRequestedBy(user.id, user.id) });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requireUser(context, request) }),
  (intent) => ({
    "request-export": intent({
      schema: z.object({}),
      run: (_input, { actor }) => requestOwnExport(actor),
      success: () => {
        buildExportsSoon();
        return redirect("/account/data");
      },
    }),
  }),
);

const STATUS_TEXT = { QUEUED: "Waiting to start", RUNNING: "Being prepared", READY: "Ready", FAILED: "Could not be prepared" } as const;

export default function DownloadYourData() {
  const { email, exports } = useLoaderData<typeof loader>();
  const actionData = useFormReply<typeof action>("request-export");
  const pending = exports.some((e) => e.status === "QUEUED" || e.status === "RUNNING");
  const { revalidate, state } = useRevalidator();
  // While a copy is being prepared, the page checks on it every few seconds.
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => {
      if (state === "idle") revalidate();
    }, 2000);
    return () => clearInterval(timer);
  }, [pending, revalidate, state]);

  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={actionData?.errors} />
        <h1>Download your data</h1>
        <p>
          You can have a copy of everything Touchstone holds about you: your account and roles, your comments and replies, what you agreed with and reported,
          your meeting registrations and any access needs not yet erased, questions, Forum membership, messages and reactions, nominations, the elections you
          voted in (never how you voted: that is not recorded against you), seats, notifications, the emails we sent you and your email settings.
        </p>
        <p>
          The copy is a zip file with a page you can read in a web browser and the same data as a JSON file for other programs. We prepare it in the background
          and email a link to {email}. The link works only when you are signed in, and it expires.
        </p>
        <Form method="post">
          <Button>Ask for a copy of your data</Button>
        </Form>
        {exports.length ? (
          <>
            <h2>Your copies</h2>
            <ul className="nhsuk-list nhsuk-list--border" data-testid="exports">
              {exports.map((e) => (
                <li key={e.id}>
                  Asked for {formatDateTime(e.createdAt)}:{" "}
                  {e.status === "QUEUED" || e.status === "RUNNING" ? (
                    <span role="status">
                      {STATUS_TEXT[e.status]}, {e.progress}% done
                    </span>
                  ) : e.status === "READY" ? (
                    <span role="status">
                      ready. We have emailed you a link to download it{e.expiresAt ? `; it expires ${formatDateTime(e.expiresAt)}` : ""}.
                    </span>
                  ) : (
                    <span role="status">{STATUS_TEXT[e.status]}. Ask for a new copy.</span>
                  )}
                </li>
              ))}
            </ul>
          </>
        ) : null}
        <p>
          <Link to="/account">Back to your account</Link>
        </p>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Download your data - Touchstone" }];

import { Form } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import type { ActionStatus } from "#app/generated/prisma/enums";
import { formatDate } from "#app/utils/dates";
import type { FormReply } from "#app/utils/form-reply";
import { ACTION_STATUS_LABELS, displayStatus } from "#app/features/governance/meeting-business.schema";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";

type Action = {
  id: string;
  description: string;
  ownerPost: string | null;
  dueOn: string;
  status: ActionStatus;
  owner: { id: string; displayName: string } | null;
  meeting: { title: string; startsAt: string };
  updates: { id: string; text: string; status: ActionStatus | null; createdAt: string; author: { displayName: string } | null }[];
  body?: { slug: string; name: string };
};

/** Which form on the page updates an action: the reply to it names this form. */
export const actionUpdateForm = (actionId: string) => `update-action-${actionId}`;

/**
 * Actions with owner, due date, status (overdue worked out) and updates; `canUpdate` shows the
 * update form. `reply` is the page's last form reply: the action whose form it names shows it.
 */
export function ActionList({
  actions,
  today,
  canUpdate,
  reply,
}: {
  actions: Action[];
  today: string;
  canUpdate?: (action: Action) => boolean;
  reply?: Pick<FormReply, "form" | "status" | "errors" | "message">;
}) {
  return (
    <ul className="nhsuk-list">
      {actions.map((a) => {
        const status = displayStatus(a, today);
        const mine = reply?.form === actionUpdateForm(a.id) ? reply : undefined;
        return (
          <li key={a.id} id={`action-${a.id}`} className="app-section" data-testid="action">
            <p className="nhsuk-u-margin-bottom-1">
              <strong className={`nhsuk-tag app-badge ${status === "OVERDUE" ? "nhsuk-tag--red" : status === "DONE" ? "nhsuk-tag--green" : "nhsuk-tag--grey"}`}>
                {ACTION_STATUS_LABELS[status]}
              </strong>{" "}
              {a.description}
            </p>
            <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
              Owner: {a.owner?.displayName ?? a.ownerPost ?? "not set"}. Due {formatDate(a.dueOn)}. From {a.body ? `${a.body.name}, ` : ""}
              {a.meeting.title}, {formatDate(a.meeting.startsAt)}.
            </p>
            {a.updates.length ? (
              <ul className="nhsuk-list nhsuk-body-s">
                {a.updates.map((u) => (
                  <li key={u.id}>
                    {formatDate(u.createdAt)}, {u.author?.displayName ?? "someone"}: {u.text}
                    {u.status ? ` (now ${ACTION_STATUS_LABELS[u.status].toLowerCase()})` : ""}
                  </li>
                ))}
              </ul>
            ) : null}
            {canUpdate?.(a) ? (
              <Form method="post">
                {mine?.status === "error" ? (
                  <ErrorSummary errors={Object.fromEntries(Object.entries(mine.errors ?? {}).map(([k, v]) => [k === "form" ? k : `${k}-${a.id}`, v]))} />
                ) : null}
                {mine?.status === "success" ? <p role="status">{mine.message}</p> : null}
                <input type="hidden" name="intent" value="update-action" />
                <IdempotencyKeyField />
                <input type="hidden" name="actionId" value={a.id} />
                <div className="app-filter">
                  <div className="nhsuk-form-group app-filter__item">
                    <label className="nhsuk-label" htmlFor={`text-${a.id}`}>
                      Update
                    </label>
                    <input className="nhsuk-input nhsuk-input--width-30" id={`text-${a.id}`} name="text" />
                  </div>
                  <div className="nhsuk-form-group app-filter__item">
                    <label className="nhsuk-label" htmlFor={`status-${a.id}`}>
                      Status
                    </label>
                    <select className="nhsuk-select" id={`status-${a.id}`} name="status" defaultValue="">
                      <option value="">Unchanged</option>
                      <option value="DONE">Done</option>
                      <option value="DROPPED">Dropped</option>
                      <option value="OPEN">Open</option>
                    </select>
                  </div>
                  <div className="app-filter__item">
                    <button className="nhsuk-button nhsuk-button--secondary nhsuk-u-margin-bottom-0" type="submit">
                      Add update<span className="nhsuk-u-visually-hidden"> to: {a.description}</span>
                    </button>
                  </div>
                </div>
              </Form>
            ) : null}
          </li>
        );
      })}
    </ul>
  );
}

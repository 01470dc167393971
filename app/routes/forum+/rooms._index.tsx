import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { forumRoom } from "#app/features/forum/rooms.events";
import { useRoomEvents } from "#app/utils/realtime-context";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, ErrorMessage, TextInput } from "#app/components/ui/fields";
import { FORUM_CATEGORY_LABELS } from "#app/features/forum/membership.schema";
import { canReadReportBacks } from "#app/features/forum/report-backs.server";
import { canManageRooms } from "#app/features/forum/rooms.policy";
import { ArchiveRoomSchema, HandleAlertSchema, RoomFormSchema } from "#app/features/forum/rooms.schema";
import { createRoom, forumModerationQueue, handleForumAlert, listRooms, loadForumReader, setArchived } from "#app/features/forum/rooms.server";
import { formatDateTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const reader = await loadForumReader(user.id);
  const [rooms, queue, readsReportBacks] = await Promise.all([listRooms(reader), forumModerationQueue(reader), canReadReportBacks(reader)]);
  const member = reader?.membership?.status === "VERIFIED" || canManageRooms(reader);
  return json({ rooms, queue, member, readsReportBacks, officer: canManageRooms(reader), userId: user.id, loadedAt: new Date().toISOString() });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  async ({ request, context }) => ({ actor: await loadForumReader(requireUser(context, request).id) }),
  (intent) => ({
    "create-room": intent({
      schema: RoomFormSchema,
      run: (input, { actor }) => createRoom(actor, input),
      success: (_created, input) => ({ message: `Created the room ${input.name}` }),
      // Ticked categories are not refilled (as before): only what was typed.
      keep: (formData) => ({ name: String(formData.get("name") ?? ""), description: String(formData.get("description") ?? "") }),
    }),
    "handle-alert": intent({
      schema: HandleAlertSchema,
      run: (input, { actor }) => handleForumAlert(actor, input.alertId),
      success: () => ({ message: "Marked as handled" }),
    }),
    archive: intent({
      schema: ArchiveRoomSchema,
      run: (input, { actor }) => setArchived(actor, input.roomId, true),
      success: () => ({ message: "Archived the room" }),
    }),
    unarchive: intent({
      schema: ArchiveRoomSchema,
      run: (input, { actor }) => setArchived(actor, input.roomId, false),
      success: () => ({ message: "Reopened the room" }),
    }),
  }),
);

export default function Rooms() {
  const { rooms, queue, member, readsReportBacks, officer, userId, loadedAt } = useLoaderData<typeof loader>();
  // One summary and one confirmation at the top serve every form on the page.
  const reply = useFormReply<typeof action>();
  const created = useFormReply<typeof action>("create-room");
  return (
    <>
      <h1>Forum rooms</h1>
      <p>
        {readsReportBacks ? (
          <>
            <Link to="/forum/report-backs">Report-backs from our representatives</Link> ·{" "}
          </>
        ) : null}
        <Link to="/forum/calendar">Forum calendar</Link> · <Link to="/forum/membership">Your membership</Link>
      </p>
      <ErrorSummary errors={reply?.errors} />
      {reply?.message ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{reply.message}</p>
        </div>
      ) : null}
      {!member ? (
        <p>
          The rooms are for verified members of the Mental Health Forum. <Link to="/forum/membership">Apply to join the Forum</Link>.
        </p>
      ) : rooms.length === 0 ? (
        <p>There are no rooms open to you yet.</p>
      ) : (
        <ul className="nhsuk-list">
          {rooms.map((room) => (
            <li key={room.id} className="app-section">
              <h2 className="nhsuk-heading-s nhsuk-u-margin-bottom-1">
                <Link to={`/forum/rooms/${room.slug}`}>{room.name}</Link>{" "}
                <LiveUnread roomId={room.id} slug={room.slug} initial={room.unread} userId={userId} since={loadedAt} />
                {room.archivedAt ? <strong className="nhsuk-tag nhsuk-tag--grey">Archived</strong> : null}
              </h2>
              <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">{room.description}</p>
              <p className="nhsuk-body-s">
                {room.categories.length
                  ? `For ${room.categories.map((c) => FORUM_CATEGORY_LABELS[c].toLowerCase()).join(" and ")} members`
                  : "For all Forum members"}
              </p>
              {officer ? (
                <Form method="post" className="app-inline-form">
                  <input type="hidden" name="intent" value={room.archivedAt ? "unarchive" : "archive"} />
                  <input type="hidden" name="roomId" value={room.id} />
                  <button className="app-link-button" type="submit">
                    {room.archivedAt ? "Reopen" : "Archive"}
                    <span className="nhsuk-u-visually-hidden"> {room.name}</span>
                  </button>
                </Form>
              ) : null}
            </li>
          ))}
        </ul>
      )}

      {officer ? (
        <>
          <h2>Create a room</h2>
          <Form method="post">
            <input type="hidden" name="intent" value="create-room" />
            <TextInput name="name" label="Room name" width={30} error={created?.errors?.name} defaultValue={created?.values?.name} />
            <TextInput name="description" label="What the room is for" error={created?.errors?.description} defaultValue={created?.values?.description} />
            <div className={`nhsuk-form-group${created?.errors?.categories ? " nhsuk-form-group--error" : ""}`}>
              <fieldset className="nhsuk-fieldset" aria-describedby="categories-hint">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who may join</legend>
                <div className="nhsuk-hint" id="categories-hint">
                  Leave all unticked for every verified member.
                </div>
                <ErrorMessage id="categories" error={created?.errors?.categories} />
                <div className="nhsuk-checkboxes">
                  {Object.entries(FORUM_CATEGORY_LABELS).map(([value, label], i) => (
                    <div className="nhsuk-checkboxes__item" key={value}>
                      <input
                        className="nhsuk-checkboxes__input"
                        id={i === 0 ? "categories" : `categories-${value}`}
                        name="categories"
                        type="checkbox"
                        value={value}
                      />
                      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={i === 0 ? "categories" : `categories-${value}`}>
                        {label}
                      </label>
                    </div>
                  ))}
                </div>
              </fieldset>
            </div>
            <Button secondary>Create room</Button>
          </Form>
        </>
      ) : null}

      {queue ? (
        <>
          <h2 id="alerts">Safeguarding alerts</h2>
          {queue.alerts.length === 0 ? <p>No open alerts.</p> : null}
          {queue.alerts.map((alert) => (
            <div className="app-section" key={alert.id}>
              <p className="nhsuk-body-s">
                {alert.message.author.displayName} in{" "}
                <Link to={`/forum/rooms/${alert.message.room.slug}#message-${alert.message.id}`}>{alert.message.room.name}</Link>,{" "}
                {formatDateTime(alert.createdAt)}. Phrases: {alert.phrases.join(", ")}
              </p>
              <p>{alert.message.body}</p>
              <Form method="post">
                <input type="hidden" name="intent" value="handle-alert" />
                <input type="hidden" name="alertId" value={alert.id} />
                <Button secondary>Mark as handled</Button>
              </Form>
            </div>
          ))}
          <h2>Reported and hidden messages</h2>
          {queue.reported.length === 0 ? <p>None.</p> : null}
          <ul className="nhsuk-list">
            {queue.reported.map((m) => (
              <li key={m.id}>
                <Link to={`/forum/rooms/${m.room.slug}#message-${m.id}`}>{m.room.name}</Link>: {m.author.displayName}, {m.reportCount}{" "}
                {m.reportCount === 1 ? "report" : "reports"}
                {m.moderation === "HIDDEN" ? ` (hidden: ${m.moderationReason})` : ""}. Reasons: {m.reports.map((r) => r.reason).join("; ") || "none"}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}

/** A room's unread count, kept up to date as others post (this page only watches the room). */
function LiveUnread({ roomId, slug, initial, userId, since }: { roomId: string; slug: string; initial: number; userId: string; since: string }) {
  const [unread, setUnread] = useState(initial);
  const seen = useRef(new Set<string>());
  useEffect(() => setUnread(initial), [initial]);
  useRoomEvents(
    forumRoom(roomId),
    (event) => {
      const { message } = event.payload;
      // New messages only (both times are the server's): a reply also re-sends its parent.
      if (message.authorId === userId || message.state !== "visible" || message.createdAt <= since) return;
      if (seen.current.has(message.id)) return;
      seen.current.add(message.id);
      setUnread((n) => n + 1);
    },
    { watchOnly: true },
  );
  return unread ? (
    <strong className="nhsuk-tag nhsuk-tag--blue" data-testid={`unread-${slug}`} aria-live="polite">
      {unread} unread
    </strong>
  ) : null;
}

export const meta: MetaFunction = () => [{ title: "Forum rooms - Touchstone" }];

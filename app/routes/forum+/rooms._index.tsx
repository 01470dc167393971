import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { forumRoom } from "~/features/forum/rooms.events";
import { useRoomEvents } from "~/utils/realtime-context";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button, ErrorMessage, TextInput } from "~/components/ui/fields";
import { FORUM_CATEGORY_LABELS } from "~/features/forum/membership.schema";
import { canReadReportBacks } from "~/features/forum/report-backs.server";
import { canManageRooms } from "~/features/forum/rooms.policy";
import { ArchiveRoomSchema, HandleAlertSchema, RoomFormSchema } from "~/features/forum/rooms.schema";
import { createRoom, forumModerationQueue, handleForumAlert, listRooms, loadForumReader, setArchived } from "~/features/forum/rooms.server";
import { formatDateTime } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { requireUser } from "~/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = requireUser(context, request);
  const reader = await loadForumReader(user.id);
  const [rooms, queue, readsReportBacks] = await Promise.all([listRooms(reader), forumModerationQueue(reader), canReadReportBacks(reader)]);
  const member = reader?.membership?.status === "VERIFIED" || canManageRooms(reader);
  return json({ rooms, queue, member, readsReportBacks, officer: canManageRooms(reader), userId: user.id, loadedAt: new Date().toISOString() });
}

type Reply = { errors?: FieldErrors; values?: Record<string, string>; done?: string };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = requireUser(context, request);
  const reader = await loadForumReader(user.id);
  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "create-room") {
    const form = parseForm(formData, RoomFormSchema);
    if (!form.success) return json<Reply>({ errors: form.errors, values: form.values }, { status: 400 });
    const result = await createRoom(reader, form.data);
    if (!result.ok) return json<Reply>({ errors: result.errors, values: { name: form.data.name, description: form.data.description } }, { status: result.status });
    return json<Reply>({ done: `Created the room ${form.data.name}` });
  }
  if (intent === "handle-alert") {
    const form = parseForm(formData, HandleAlertSchema);
    if (!form.success) return json<Reply>({ errors: form.errors }, { status: 400 });
    const result = await handleForumAlert(reader, form.data.alertId);
    if (!result.ok) return json<Reply>({ errors: result.errors }, { status: result.status });
    return json<Reply>({ done: "Marked as handled" });
  }
  const form = parseForm(formData, ArchiveRoomSchema);
  if (!form.success) return json<Reply>({ errors: form.errors }, { status: 400 });
  const result = await setArchived(reader, form.data.roomId, form.data.intent === "archive");
  if (!result.ok) return json<Reply>({ errors: result.errors }, { status: result.status });
  return json<Reply>({ done: form.data.intent === "archive" ? "Archived the room" : "Reopened the room" });
}

export default function Rooms() {
  const { rooms, queue, member, readsReportBacks, officer, userId, loadedAt } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  return (
    <>
      <h1>Forum rooms</h1>
      <p>
        {readsReportBacks ? <><Link to="/forum/report-backs">Report-backs from our representatives</Link> · </> : null}<Link to="/forum/calendar">Forum calendar</Link> · <Link to="/forum/membership">Your membership</Link>
      </p>
      <ErrorSummary errors={reply?.errors} />
      {reply?.done ? <div className="nhsuk-inset-text" role="status"><p>{reply.done}</p></div> : null}
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
              <p className="nhsuk-body-s">{room.categories.length ? `For ${room.categories.map((c) => FORUM_CATEGORY_LABELS[c].toLowerCase()).join(" and ")} members` : "For all Forum members"}</p>
              {officer ? (
                <Form method="post" className="app-inline-form">
                  <input type="hidden" name="intent" value={room.archivedAt ? "unarchive" : "archive"} />
                  <input type="hidden" name="roomId" value={room.id} />
                  <button className="app-link-button" type="submit">{room.archivedAt ? "Reopen" : "Archive"}<span className="nhsuk-u-visually-hidden"> {room.name}</span></button>
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
            <TextInput name="name" label="Room name" width={30} error={reply?.errors?.name} defaultValue={reply?.values?.name} />
            <TextInput name="description" label="What the room is for" error={reply?.errors?.description} defaultValue={reply?.values?.description} />
            <div className={`nhsuk-form-group${reply?.errors?.categories ? " nhsuk-form-group--error" : ""}`}>
              <fieldset className="nhsuk-fieldset" aria-describedby="categories-hint">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who may join</legend>
                <div className="nhsuk-hint" id="categories-hint">Leave all unticked for every verified member.</div>
                <ErrorMessage id="categories" error={reply?.errors?.categories} />
                <div className="nhsuk-checkboxes">
                  {Object.entries(FORUM_CATEGORY_LABELS).map(([value, label], i) => (
                    <div className="nhsuk-checkboxes__item" key={value}>
                      <input className="nhsuk-checkboxes__input" id={i === 0 ? "categories" : `categories-${value}`} name="categories" type="checkbox" value={value} />
                      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={i === 0 ? "categories" : `categories-${value}`}>{label}</label>
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
              <p className="nhsuk-body-s">{alert.message.author.displayName} in <Link to={`/forum/rooms/${alert.message.room.slug}#message-${alert.message.id}`}>{alert.message.room.name}</Link>, {formatDateTime(alert.createdAt)}. Phrases: {alert.phrases.join(", ")}</p>
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
                <Link to={`/forum/rooms/${m.room.slug}#message-${m.id}`}>{m.room.name}</Link>: {m.author.displayName}, {m.reportCount} {m.reportCount === 1 ? "report" : "reports"}
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
  return unread ? <strong className="nhsuk-tag nhsuk-tag--blue" data-testid={`unread-${slug}`} aria-live="polite">{unread} unread</strong> : null;
}

export const meta: MetaFunction = () => [{ title: "Forum rooms - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { ErrorMessage } from "#app/components/ui/fields";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";
import { forumRoom } from "#app/features/forum/rooms.events";
import { EDIT_WINDOW_MS, canManageRooms, canPostInRoom } from "#app/features/forum/rooms.policy";
import {
  EditFormSchema,
  HistoryQuerySchema,
  MESSAGE_MAX,
  MessageIntentSchema,
  ModerateFormSchema,
  PostFormSchema,
  ReactFormSchema,
  ReportFormSchema,
} from "#app/features/forum/rooms.schema";
import {
  deleteMessage,
  editMessage,
  findReadableRoom,
  loadForumReader,
  markRead,
  moderateMessage,
  react,
  reportMessage,
  roomExists,
  roomHistory,
  roomMembers,
  sendMessage,
  setPinned,
  type MessageView,
} from "#app/features/forum/rooms.server";
import { MessageItem, messageFormName, ReplyForm, type Viewer } from "#app/features/forum/ui/message-item";
import { NewMessagesLog, useNewMessagesLog } from "#app/features/forum/ui/new-messages-log";
import { crisisSupport } from "#app/features/safeguarding/safeguarding";
import { CrisisSupport } from "#app/features/safeguarding/ui/crisis-support";
import { getEnv } from "#app/utils/env.server";
import { formAction } from "#app/utils/form-actions.server";
import { skipReloadWhenRefused, useFormReply } from "#app/utils/form-reply";
import type { FieldErrors } from "#app/utils/forms";
import { IDEMPOTENCY_FIELD } from "#app/utils/idempotency";
import { requireUser } from "#app/utils/permissions.server";
import { useRoomEvents, useSocket } from "#app/utils/realtime-context";

async function readableRoom(request: Request, context: LoaderFunctionArgs["context"], slug: string | undefined) {
  const user = requireUser(context, request);
  const reader = await loadForumReader(user.id);
  const room = await findReadableRoom({ slug: slug ?? "" }, reader);
  if (!room) {
    const exists = await roomExists(slug ?? "");
    throw new Response(exists ? "This room is for Forum members" : "Not found", { status: exists ? 403 : 404 });
  }
  return { reader: reader!, room };
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const { reader, room } = await readableRoom(request, context, params.slug);
  const { before } = HistoryQuerySchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const [history, members] = await Promise.all([roomHistory(room.id, reader, before), roomMembers(room)]);
  if (!before) await markRead(reader, room.id);
  return json({
    room,
    history,
    members,
    viewer: { id: reader.id, officer: canManageRooms(reader), canPost: canPostInRoom(reader, room) } satisfies Viewer,
    support: crisisSupport(getEnv().CRISIS_LINE),
    now: Date.now(),
  });
}

/** What is done to a message with its buttons answers those buttons, with or without JavaScript. */
const buttonsForm = (fields: Record<string, unknown>) => messageFormName("buttons", String(fields.messageId ?? ""));
/** A form of a message that takes words answers that form alone, with or without JavaScript. */
const wordsForm = (form: "edit" | "report" | "moderate") => (fields: Record<string, unknown>) => messageFormName(form, String(fields.messageId ?? ""));
// A reply answers its own form; a new message, the composer.
const COMPOSER_FORM = "post";
const postForm = (fields: Record<string, unknown>) =>
  typeof fields.parentId === "string" && fields.parentId ? messageFormName("reply", fields.parentId) : COMPOSER_FORM;

// Every form on a room page runs the same command the socket does, and works without JavaScript.
// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  async ({ request, params, context }) => ({ ...(await readableRoom(request, context, params.slug)), publisher: context.publisher }),
  (intent) => ({
    post: intent({
      schema: PostFormSchema,
      form: postForm,
      run: (input, { reader, room, publisher }) =>
        sendMessage(reader, room.id, { body: input.body, parentId: input.parentId, clientMessageId: input.idempotencyKey }, publisher),
      success: (sent) => ({ result: { crisis: sent.crisis } }),
    }),
    edit: intent({
      schema: EditFormSchema,
      form: wordsForm("edit"),
      run: (input, { reader, publisher }) => editMessage(reader, input.messageId, input.body, publisher),
      success: (edited) => ({ result: { crisis: edited.crisis } }),
    }),
    delete: intent({
      schema: MessageIntentSchema,
      form: buttonsForm,
      run: (input, { reader, publisher }) => deleteMessage(reader, input.messageId, publisher),
    }),
    pin: intent({ schema: MessageIntentSchema, form: buttonsForm, run: (input, { reader, publisher }) => setPinned(reader, input.messageId, true, publisher) }),
    unpin: intent({
      schema: MessageIntentSchema,
      form: buttonsForm,
      run: (input, { reader, publisher }) => setPinned(reader, input.messageId, false, publisher),
    }),
    react: intent({
      schema: ReactFormSchema,
      form: buttonsForm,
      run: (input, { reader, publisher }) => react(reader, input.messageId, input.emoji, true, publisher),
    }),
    unreact: intent({
      schema: ReactFormSchema,
      form: buttonsForm,
      run: (input, { reader, publisher }) => react(reader, input.messageId, input.emoji, false, publisher),
    }),
    report: intent({
      schema: ReportFormSchema,
      form: wordsForm("report"),
      run: (input, { reader, publisher }) => reportMessage(reader, input.messageId, input.reason, publisher),
    }),
    hide: intent({
      schema: ModerateFormSchema,
      form: wordsForm("moderate"),
      run: (input, { reader, publisher }) => moderateMessage(reader, input.messageId, "hide", input.reason, publisher),
    }),
    restore: intent({
      schema: ModerateFormSchema,
      form: wordsForm("moderate"),
      run: (input, { reader, publisher }) => moderateMessage(reader, input.messageId, "restore", input.reason, publisher),
    }),
  }),
  // A post the page cannot read (too large, no known intent) is answered at the composer.
  { form: COMPOSER_FORM },
);

type Thread = MessageView & { replies: MessageView[] };

/** A live event's message put in its place: a new message, a reply, or a change to either. */
function upsert(threads: Thread[], message: MessageView): Thread[] {
  if (message.parentId) {
    return threads.map((t) => {
      if (t.id !== message.parentId) return t;
      const at = t.replies.findIndex((r) => r.id === message.id);
      return { ...t, replies: at >= 0 ? t.replies.map((r) => (r.id === message.id ? message : r)) : [...t.replies, message] };
    });
  }
  return threads.some((t) => t.id === message.id)
    ? threads.map((t) => (t.id === message.id ? { ...message, replies: t.replies } : t))
    : [...threads, { ...message, replies: [] }];
}

export default function Room() {
  const { room, history, members, viewer, support, now } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>(COMPOSER_FORM);
  const socket = useSocket();
  const [threads, setThreads] = useState<Thread[]>(history.messages);
  const [pinned, setPinned] = useState<MessageView[]>(history.pinned);
  const [present, setPresent] = useState<string[] | null>(null);
  const [typing, setTyping] = useState<Record<string, { name: string; until: number }>>({});
  const [sendError, setSendError] = useState<string | null>(null);
  // The page's reply a live send has since answered: its errors no longer stand.
  const [answeredReply, setAnsweredReply] = useState<typeof reply>(undefined);
  const [sentCount, setSentCount] = useState(0);
  const [crisis, setCrisis] = useState(false);
  const [gone, setGone] = useState(false);
  const composer = useRef<HTMLTextAreaElement>(null);
  const lastTyping = useRef(0);
  const roomName = forumRoom(room.id);
  const names = new Map(members.map((m) => [m.id, m.displayName]));
  const newMessages = useNewMessagesLog(history.messages);

  // Fresh server data (after any form) replaces what the events built up.
  useEffect(() => {
    setThreads(history.messages);
    setPinned(history.pinned);
  }, [history]);

  useRoomEvents(roomName, (event) => {
    const { message } = event.payload;
    newMessages.arrived(message);
    setThreads((current) => upsert(current, message));
    if (!message.parentId)
      setPinned((current) => (message.pinned ? [message, ...current.filter((m) => m.id !== message.id)] : current.filter((m) => m.id !== message.id)));
    if (document.visibilityState === "visible") socket?.emit("forum:read", { roomId: room.id });
  });

  useEffect(() => {
    if (!socket) return;
    const onPresence = (m: { room: string; userIds?: string[] }) => m.room === roomName && m.userIds && setPresent(m.userIds);
    const onTyping = (m: { roomId: string; userId: string; name: string }) =>
      m.roomId === room.id && setTyping((t) => ({ ...t, [m.userId]: { name: m.name, until: Date.now() + 4000 } }));
    const onLeft = (m: { room: string }) => m.room === roomName && setGone(true);
    socket.on("presence", onPresence);
    socket.on("forum:typing", onTyping);
    socket.on("room:left", onLeft);
    const sweep = setInterval(() => setTyping((t) => Object.fromEntries(Object.entries(t).filter(([, v]) => v.until > Date.now()))), 1000);
    return () => {
      socket.off("presence", onPresence);
      socket.off("forum:typing", onTyping);
      socket.off("room:left", onLeft);
      clearInterval(sweep);
    };
  }, [socket, roomName, room.id]);

  const typers = Object.values(typing).map((t) => t.name);
  // The composer's errors: the live send's, or (without JavaScript, or before it ran) the page's reply.
  const composerErrors: FieldErrors | null = sendError ? { body: [sendError] } : reply && reply !== answeredReply ? reply.errors : null;
  const { body: bodyError, ...otherErrors } = composerErrors ?? {};
  const otherMessages = Object.values(otherErrors)
    .flat()
    .filter((m): m is string => !!m);
  const error = bodyError?.[0];

  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to="/forum/rooms">
          Forum rooms
        </Link>
      </div>
      <h1>{room.name}</h1>
      <p>{room.description}</p>
      {gone ? (
        <div className="nhsuk-warning-callout" role="alert">
          <h2 className="nhsuk-warning-callout__label">You no longer have access</h2>
          <p>Your access to this room has ended, so you will not see new messages.</p>
        </div>
      ) : null}
      {room.archivedAt ? (
        <div className="nhsuk-inset-text">
          <p>This room is archived: you can read it, but not post.</p>
        </div>
      ) : null}
      <p className="nhsuk-body-s" aria-live="polite" data-testid="present">
        {present ? `Here now: ${present.map((id) => names.get(id) ?? "a member").join(", ")}` : ""}
      </p>

      {pinned.length ? (
        <section aria-labelledby="announcements">
          <h2 id="announcements" className="nhsuk-heading-m">
            Announcements
          </h2>
          {pinned.map((m) => (
            <div className="nhsuk-inset-text" key={m.id}>
              <p className="nhsuk-body-s">
                <strong>{m.authorName}</strong>
              </p>
              <p style={{ whiteSpace: "pre-wrap" }}>{m.body}</p>
            </div>
          ))}
        </section>
      ) : null}

      <h2 className="nhsuk-heading-m" id="messages-heading">
        Messages
      </h2>
      {history.earlier ? (
        <p>
          <Link to={`?before=${history.earlier}`}>Earlier messages</Link>
        </p>
      ) : null}
      {threads.length === 0 ? <p>No messages yet.</p> : null}
      {/* Not a live region: a message added to it would be read out with all its buttons. New
          messages are read out from the log after it, as who wrote them and what they say. */}
      <ol className="app-comment-list" aria-label={`Messages in ${room.name}`} data-testid="messages">
        {threads.map((t) => (
          <MessageItem key={t.id} message={t} viewer={viewer} editable={now - Date.parse(t.createdAt) < EDIT_WINDOW_MS}>
            {t.replies.length ? (
              <ol className="app-comment-list app-comment-list--replies" aria-label={`Replies to ${t.authorName}`}>
                {t.replies.map((r) => (
                  <MessageItem key={r.id} message={r} viewer={viewer} editable={now - Date.parse(r.createdAt) < EDIT_WINDOW_MS} />
                ))}
              </ol>
            ) : null}
            {viewer.canPost && t.state === "visible" ? <ReplyForm parent={t} /> : null}
          </MessageItem>
        ))}
      </ol>
      <NewMessagesLog said={newMessages.said} />

      {crisis || reply?.result?.crisis ? <CrisisSupport contacts={support} what="message" /> : null}
      {viewer.canPost && !gone ? (
        <Form
          method="post"
          className="app-have-your-say"
          onSubmit={(event) => {
            // Live when connected (the message arrives for everyone through the room); a plain post otherwise.
            if (!socket?.connected) return;
            event.preventDefault();
            const body = composer.current?.value ?? "";
            // The form's idempotency key travels as the message's client id: pressing Send again
            // after a lost answer cannot post it twice.
            const clientMessageId = String(new FormData(event.currentTarget).get(IDEMPOTENCY_FIELD) ?? "") || undefined;
            socket.emit("forum:send", { roomId: room.id, body, clientMessageId }, (ack) => {
              if (!ack.ok) return setSendError(ack.error || "Your message was not sent");
              setSendError(null);
              setAnsweredReply(reply);
              setCrisis(ack.crisis);
              setSentCount((n) => n + 1);
              if (composer.current) composer.current.value = "";
            });
          }}
        >
          <ErrorSummary errors={composerErrors ? { form: otherMessages.length ? otherMessages : undefined, body: bodyError } : null} />
          <input type="hidden" name="intent" value="post" />
          <IdempotencyKeyField renewOn={sentCount} />
          <div className={`nhsuk-form-group${error ? " nhsuk-form-group--error" : ""}`}>
            <label className="nhsuk-label nhsuk-label--s" htmlFor="body">
              Your message
            </label>
            <div className="nhsuk-hint" id="body-hint">
              Mention someone with @ and their name, for example @{members.find((m) => m.id !== viewer.id)?.displayName ?? "Jo Bloggs"}. Up to{" "}
              {MESSAGE_MAX.toLocaleString("en-GB")} characters.
            </div>
            <ErrorMessage id="body" error={error ? [error] : undefined} />
            <textarea
              className={`nhsuk-textarea${error ? " nhsuk-textarea--error" : ""}`}
              id="body"
              name="body"
              rows={3}
              ref={composer}
              aria-describedby={`body-hint${error ? " body-error" : ""}`}
              onChange={() => {
                if (!socket?.connected || Date.now() - lastTyping.current < 2000) return;
                lastTyping.current = Date.now();
                socket.emit("forum:typing", { roomId: room.id });
              }}
            />
          </div>
          <p className="nhsuk-body-s" aria-live="polite" data-testid="typing">
            {typers.length ? `${typers.join(" and ")} ${typers.length === 1 ? "is" : "are"} typing…` : ""}
          </p>
          <button className="nhsuk-button" type="submit">
            Send
          </button>
        </Form>
      ) : null}
    </>
  );
}

// Fresh data replaces the messages the live events built up; a refused post changed nothing.
export const shouldRevalidate = skipReloadWhenRefused;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.room.name ?? "Room"} - Forum - Touchstone` }];

import { z } from "zod";
import { STATUS_INTENTS } from "#app/features/consultations/manage.schema";
import { ReadSchema, SendSchema, TypingSchema } from "#app/features/forum/rooms.schema";
import { NOTIFICATION_KINDS, type NotificationKind } from "#app/features/notifications/notifications.schema";
import { RoleName } from "#app/generated/prisma/enums";
import type { RoomName } from "./room-names";

export { roomName, type RoomName } from "./room-names";

/**
 * Every realtime room kind, once (ADR 026): its name (`<kind>:<id>`, made by `roomName` in
 * ./room-names.ts, which pages import without these schemas), whether its pages show who is there,
 * and each event it carries with the zod schema of its payload. The server's room access,
 * access re-checks and presence, the outbox that records events, the typed socket.io server
 * and the client's `useRoomEvents` are all derived from this table, so a kind, an event name
 * or a payload shape is written here and nowhere else. Pure (no database, no Node): the
 * browser loads it too, lazily, when a page first joins a room (app/utils/realtime-context.tsx).
 *
 * Who may join a kind is decided by its feature (server/realtime/room-access.ts maps each kind
 * to the feature's rule, and fails to compile if one is missing).
 */

/**
 * none: nobody is told who is here. count: "N people viewing now". names: the members present,
 * by name (only where everyone in the room may already see everyone else, as in the Forum).
 */
export type Presence = "none" | "count" | "names";

/** What an event's payload may be: JSON, as it is stored (a jsonb column) and sent. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

type Payloads = Record<string, z.ZodType<JsonObject>>;

/** The id part of a room name: what the socket server accepts (ids are cuids or uuids). */
const ROOM_ID = /^[A-Za-z0-9_-]{1,160}$/;

function defineRoom<const K extends string, const E extends Payloads, const F extends Payloads = Record<never, never>>(
  kind: K,
  definition: { presence: Presence; events: E; fleeting?: F },
) {
  const prefix = `${kind}:`;
  return {
    kind,
    presence: definition.presence,
    /** Events recorded in the outbox, published in order and replayed to reconnecting clients. */
    events: definition.events,
    /** Events sent straight to the others in the room: never stored or replayed (typing, say). */
    fleeting: (definition.fleeting ?? {}) as F,
    /** The entity id a room name of this kind names, or null for any other room. */
    idOf: (room: string): string | null => (room.startsWith(prefix) && ROOM_ID.test(room.slice(prefix.length)) ? room.slice(prefix.length) : null),
  };
}

// Payloads carry ids, or what every member of the room may see anyway: a client that needs
// more reloads through its loader, which applies the reader's own permissions.
const nothing = z.strictObject({});
const CommentChange = z.enum(["edited", "deleted", "agreed", "moderated"]);
const AnalysisPart = z.enum(["tags", "themes", "quotes", "summary", "response", "outcome", "responses"]);
const NotificationKinds = z.enum(["meeting-reminder", ...NOTIFICATION_KINDS.map((k) => k.kind)]) satisfies z.ZodType<NotificationKind>;

/** A Forum message as every member of its room may see it: hidden and deleted ones carry no text. */
export const ForumMessagePayload = z.strictObject({
  id: z.string(),
  roomId: z.string(),
  parentId: z.string().nullable(),
  authorId: z.string(),
  authorName: z.string(),
  body: z.string(),
  state: z.enum(["visible", "hidden", "deleted"]),
  moderationReason: z.string().nullable(),
  pinned: z.boolean(),
  replyCount: z.number().int(),
  createdAt: z.string(),
  editedAt: z.string().nullable(),
  reactions: z.array(z.strictObject({ emoji: z.string(), userIds: z.array(z.string()) })),
});

export const ROOMS = {
  /** A person's own room: their notifications and changes to their account. */
  user: defineRoom("user", {
    presence: "none",
    events: {
      // Their roles changed: the page reloads, and the server re-checks every room they are in.
      "account:roles-changed": z.strictObject({ role: z.enum(RoleName), intent: z.enum(["grant", "revoke"]) }),
      // The account was deleted: every socket it has open is disconnected.
      "account:closed": nothing,
      "notification:new": z.strictObject({ kind: NotificationKinds }),
    },
  }),
  /** A proposal's discussion, for whoever may read the proposal. */
  proposal: defineRoom("proposal", {
    presence: "count",
    events: {
      "comment:created": z.strictObject({
        commentId: z.string(),
        parentId: z.string().nullable(),
        sectionId: z.string().nullable(),
        authorId: z.string().nullable(),
      }),
      "comment:updated": z.strictObject({ commentId: z.string(), change: CommentChange, agreeCount: z.number().int().optional() }),
      // A new version, a change of status by an organiser, or one made by the schedule.
      "proposal:status": z.union([
        z.strictObject({ version: z.number().int() }),
        z.strictObject({ intent: z.enum(STATUS_INTENTS) }),
        z.strictObject({ scheduled: z.literal(true) }),
      ]),
    },
  }),
  /** An election's turnout (never partial results), for Forum members and officers. */
  election: defineRoom("election", {
    presence: "none",
    events: {
      "election:turnout": z.strictObject({ voted: z.number().int().nonnegative() }),
      "election:declared": nothing,
    },
  }),
  /** A meeting's door count, for its organisers. */
  meeting: defineRoom("meeting", {
    presence: "none",
    events: { "meeting:attendance": z.strictObject({ attended: z.number().int().nonnegative() }) },
  }),
  /** A meeting's question queue, shown on the projector to the room. */
  questions: defineRoom("questions", {
    presence: "none",
    events: { "questions:changed": nothing },
  }),
  /** A Forum room: its members see each message itself, who is here, and who is typing. */
  forum: defineRoom("forum", {
    presence: "names",
    events: { "forum:message": z.strictObject({ message: ForumMessagePayload }) },
    fleeting: { "forum:typing": z.strictObject({ roomId: z.string(), userId: z.string(), name: z.string() }) },
  }),
  /** The feedback analysis of a proposal: commissioners see each other's work live. */
  analysis: defineRoom("analysis", {
    presence: "none",
    events: { "analysis:changed": z.strictObject({ by: z.string(), what: AnalysisPart, commentIds: z.array(z.string()).optional() }) },
  }),
} as const;

export type RoomKind = keyof typeof ROOMS;
type EventsOf<K extends RoomKind> = (typeof ROOMS)[K]["events"];
type FleetingOf<K extends RoomKind> = (typeof ROOMS)[K]["fleeting"];
export type EventName<K extends RoomKind> = keyof EventsOf<K> & string;
export type EventPayload<K extends RoomKind, N extends EventName<K>> = z.output<EventsOf<K>[N]>;

/** An event of a room of kind K, as a client receives it: a union discriminated on `name`. */
export type RoomEvent<K extends RoomKind> = {
  [N in EventName<K>]: { id: string; room: RoomName<K>; name: N; payload: EventPayload<K, N> };
}[EventName<K>];

/** One event to record, for any room of any kind (the outbox's `events` takes a list). */
export type RecordedEvent = {
  [K in RoomKind]: { [N in EventName<K>]: { room: RoomName<K>; name: N; payload: EventPayload<K, N> } }[EventName<K>];
}[RoomKind];

/** Fleeting events of every kind, by name: what the server emits besides recorded events. */
type FleetingEntry = {
  [K in RoomKind]: { [N in keyof FleetingOf<K> & string]: [N, z.output<FleetingOf<K>[N]>] }[keyof FleetingOf<K> & string];
}[RoomKind];
export type FleetingEvents = { [E in FleetingEntry as E[0]]: E[1] };

const KINDS = Object.keys(ROOMS) as RoomKind[];

/** A room name's kind and id, or null for a name that is no registered kind's (refused everywhere). */
export function parseRoom(room: string): { kind: RoomKind; id: string } | null {
  for (const kind of KINDS) {
    const id = ROOMS[kind].idOf(room);
    if (id !== null) return { kind, id };
  }
  return null;
}

/** What a room's pages show of who is there; rooms of no registered kind show nothing. */
export function presenceOf(room: string): Presence {
  const parsed = parseRoom(room);
  return parsed ? ROOMS[parsed.kind].presence : "none";
}

function schemaOf(kind: RoomKind, name: string): z.ZodType<JsonObject> | undefined {
  const events: Payloads = ROOMS[kind].events;
  return Object.hasOwn(events, name) ? events[name] : undefined;
}

/** Why an event may not be recorded: an unknown room kind, an event its kind does not carry, or a payload off its schema. */
export class UnregisteredEventError extends Error {
  constructor(room: string, name: string, problem: string) {
    super(`Realtime event ${name} for ${room}: ${problem}`);
    this.name = "UnregisteredEventError";
  }
}

/**
 * Checks an event against the registry before it is recorded, and gives back the checked
 * payload: the JSON to store. The types already hold callers to it; this catches what types
 * cannot (a value of the wrong shape from a cast or a query), so the transaction that tried to
 * record it fails and nothing is written.
 */
export function registeredPayload(room: string, name: string, payload: unknown): JsonObject {
  const parsed = parseRoom(room);
  if (!parsed) throw new UnregisteredEventError(room, name, "no registered room kind has this name");
  const schema = schemaOf(parsed.kind, name);
  if (!schema) throw new UnregisteredEventError(room, name, `a ${parsed.kind} room carries no such event`);
  const checked = schema.safeParse(payload);
  if (!checked.success)
    throw new UnregisteredEventError(room, name, checked.error.issues.map((i) => `${i.path.join(".") || "payload"}: ${i.message}`).join("; "));
  return checked.data;
}

/**
 * A received message as a typed event of its room's kind, or null if this code does not know
 * it (the server was deployed with a newer event or payload than this page was built with).
 */
export function readRoomEvent<K extends RoomKind>(kind: K, message: { id: string; room: string; name: string; payload: unknown }): RoomEvent<K> | null {
  if (!Object.hasOwn(ROOMS, kind) || ROOMS[kind].idOf(message.room) === null) return null;
  const checked = schemaOf(kind, message.name)?.safeParse(message.payload);
  if (!checked?.success) return null;
  // The room, name and payload were each checked against the kind's registry entry just above.
  return { id: message.id, room: message.room, name: message.name, payload: checked.data } as RoomEvent<K>;
}

/** A message received for this room, as a typed event of the room's kind (see readRoomEvent). */
export function readEventIn<K extends RoomKind>(room: RoomName<K>, message: { id: string; room: string; name: string; payload: unknown }): RoomEvent<K> | null {
  const parsed = parseRoom(room);
  if (!parsed || message.room !== room) return null;
  // parseRoom gave the kind K names: the room was typed RoomName<K>.
  return readRoomEvent(parsed.kind, message) as RoomEvent<K> | null;
}

/**
 * What a client may send besides joining and leaving rooms: each parsed with its schema by the
 * server before anything else happens, and answered with an ack.
 */
export const SOCKET_COMMANDS = {
  "forum:send": SendSchema,
  "forum:typing": TypingSchema,
  "forum:read": ReadSchema,
} as const;

/** What each command's ack carries when it worked (a failure always carries `error`). */
export type SocketCommandAnswers = {
  "forum:send": { messageId: string; crisis: boolean };
  "forum:typing": Record<never, never>;
  "forum:read": Record<never, never>;
};
export type SocketCommand = keyof typeof SOCKET_COMMANDS;

/** Who is asking to join a room: the signed-in person with their roles, or null for a visitor. */
export type RoomViewer = { id: string; roles: readonly RoleName[] } | null;

/** A kind's join rule, written by its feature: may this viewer join the room of this entity? */
export type JoinRule = (viewer: RoomViewer, id: string) => Promise<boolean>;

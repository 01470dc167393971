import type { Prisma } from "#app/generated/prisma/client";
import { db } from "#app/utils/db.server";
import { answerOnce, earlierAnswer, type Submission } from "#app/utils/idempotency.server";
import { inTransaction, type Outbox, type Tx } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import type { ForumMessagePayload, JoinRule } from "#app/utils/realtime-rooms";
import type { z } from "zod";
import { fail, type CommandResult, type Failure } from "#app/utils/results";
import { applyModeration, recordReport } from "#app/features/moderation/moderation.server";
import { raiseConcern } from "#app/features/safeguarding/raise-concern.server";
import { notify, type NewNotification } from "#app/features/notifications/notifications.server";
import { forumRoom } from "./rooms.events";
import { EDIT_WINDOW_MS, canManageRooms, canModerateForum, canPostInRoom, canReadRoom, roomReadable, type ForumReader } from "./rooms.policy";
import type { Reaction } from "./rooms.schema";
import { unconfirmedEmail } from "#app/features/accounts/accounts.policy";
import { checkFloodLimit } from "#app/utils/flood-control.server";
import { holdsPermission } from "#app/utils/permissions.server";

// Forum rooms: members-only live discussion. Every command re-reads the person's
// membership, so access ends the moment a membership does.

export const HISTORY_PAGE = 30;
const REPORT_THRESHOLD = 3;

/** The person as the Forum sees them: roles and membership, read fresh. */
export async function loadForumReader(userId: string | null | undefined): Promise<ForumReader | null> {
  if (!userId) return null;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, emailVerifiedAt: true, roles: { select: { role: true } }, membership: { select: { status: true, category: true } } },
  });
  return user ? { id: user.id, roles: user.roles.map((r) => r.role), membership: user.membership, emailVerified: user.emailVerifiedAt !== null } : null;
}

const roomSelect = { id: true, slug: true, name: true, description: true, categories: true, archivedAt: true } as const;
export type RoomSummary = Prisma.ForumRoomGetPayload<{ select: typeof roomSelect }>;

/** The rooms this person may read, with how many messages they have not read in each. */
export async function listRooms(viewer: ForumReader | null) {
  const rooms = await db.forumRoom.findMany({
    where: roomReadable.where(viewer),
    orderBy: [{ archivedAt: { sort: "asc", nulls: "first" } }, { createdAt: "asc" }],
    select: roomSelect,
  });
  if (!viewer || rooms.length === 0) return [];
  const unread = await db.$queryRaw<{ roomId: string; unread: bigint }[]>`
    SELECT m."roomId", count(*) AS unread
    FROM "ForumMessage" m LEFT JOIN "ForumRoomRead" r ON r."roomId" = m."roomId" AND r."userId" = ${viewer.id}
    WHERE m."roomId" = ANY(${rooms.map((r) => r.id)}) AND m."authorId" <> ${viewer.id} AND m."deletedAt" IS NULL AND m."moderation" = 'VISIBLE'
      AND (r."lastReadAt" IS NULL OR m."createdAt" > r."lastReadAt")
    GROUP BY m."roomId"`;
  const unreadOf = new Map(unread.map((u) => [u.roomId, Number(u.unread)]));
  return rooms.map((room) => ({ ...room, unread: unreadOf.get(room.id) ?? 0 }));
}

export async function findReadableRoom(where: { slug: string } | { id: string }, viewer: ForumReader | null) {
  return db.forumRoom.findFirst({ where: { AND: [where, roomReadable.where(viewer)] }, select: roomSelect });
}

/** Whether a room exists at all: a page tells "not yours to read" (403) from "no such room" (404). */
export async function roomExists(slug: string): Promise<boolean> {
  return (await db.forumRoom.count({ where: { slug } })) > 0;
}

/** A Forum room's live events: verified members (of its categories, if it has any) and officers. */
export const mayJoinForumRoom: JoinRule = async (viewer, roomId) => (await findReadableRoom({ id: roomId }, await loadForumReader(viewer?.id))) !== null;

export const messageSelect = {
  id: true,
  roomId: true,
  parentId: true,
  authorId: true,
  body: true,
  pinnedAt: true,
  moderation: true,
  moderationReason: true,
  replyCount: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  author: { select: { displayName: true } },
  reactions: { orderBy: { createdAt: "asc" }, select: { emoji: true, userId: true } },
} as const;
type MessageRow = Prisma.ForumMessageGetPayload<{ select: typeof messageSelect }>;

/** A message as events and pages carry it: its shape is the Forum room's event payload (ADR 026). */
export type MessageView = z.output<typeof ForumMessagePayload>;

/** A message as a actor sees it: hidden text only for moderators, deleted text for no one. */
export function messageView(row: MessageRow, viewer: ForumReader | null): MessageView {
  const state = row.deletedAt ? "deleted" : row.moderation === "HIDDEN" ? "hidden" : "visible";
  const reactions = new Map<string, string[]>();
  for (const r of row.reactions) reactions.set(r.emoji, [...(reactions.get(r.emoji) ?? []), r.userId]);
  return {
    id: row.id,
    roomId: row.roomId,
    parentId: row.parentId,
    authorId: row.authorId,
    authorName: row.author.displayName,
    body: state === "visible" || (state === "hidden" && canModerateForum(viewer)) ? row.body : "",
    state,
    moderationReason: state === "hidden" ? row.moderationReason : null,
    pinned: !!row.pinnedAt && state === "visible",
    replyCount: row.replyCount,
    createdAt: row.createdAt.toISOString(),
    editedAt: row.editedAt?.toISOString() ?? null,
    reactions: [...reactions].map(([emoji, userIds]) => ({ emoji, userIds })),
  };
}

/**
 * A page of the room's history, newest page first: top-level messages before the cursor
 * (a message id), each with its thread, plus the pinned announcements.
 */
export async function roomHistory(roomId: string, viewer: ForumReader | null, before?: string) {
  const cursor = before ? await db.forumMessage.findFirst({ where: { id: before, roomId }, select: { createdAt: true, id: true } }) : null;
  const page = await db.forumMessage.findMany({
    where: {
      roomId,
      parentId: null,
      ...(cursor ? { OR: [{ createdAt: { lt: cursor.createdAt } }, { createdAt: cursor.createdAt, id: { lt: cursor.id } }] } : {}),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: HISTORY_PAGE + 1,
    select: messageSelect,
  });
  const more = page.length > HISTORY_PAGE;
  const top = page.slice(0, HISTORY_PAGE).reverse();
  const [replies, pinned] = await Promise.all([
    db.forumMessage.findMany({ where: { parentId: { in: top.map((m) => m.id) } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: messageSelect }),
    before
      ? []
      : db.forumMessage.findMany({
          where: { roomId, pinnedAt: { not: null }, deletedAt: null, moderation: "VISIBLE" },
          orderBy: { pinnedAt: "desc" },
          select: messageSelect,
        }),
  ]);
  return {
    messages: top.map((m) => ({ ...messageView(m, viewer), replies: replies.filter((r) => r.parentId === m.id).map((r) => messageView(r, viewer)) })),
    pinned: pinned.map((m) => messageView(m, viewer)),
    earlier: more ? top[0].id : null,
  };
}

/** The room's members by name, for @mentions: everyone who may read it. */
export async function roomMembers(room: RoomSummary) {
  const members = await db.user.findMany({
    where: {
      OR: [
        holdsPermission("verify:forum-membership:any"),
        {
          ...holdsPermission("read:forum-room:member"),
          membership: { status: "VERIFIED", ...(room.categories.length ? { category: { in: room.categories } } : {}) },
        },
      ],
    },
    orderBy: { displayName: "asc" },
    select: { id: true, displayName: true },
  });
  return members;
}

/** Records the message as it now stands, read inside the transaction that changed it. */
async function recordMessage(outbox: Outbox, roomId: string, messageId: string) {
  const row = await outbox.tx.forumMessage.findUniqueOrThrow({ where: { id: messageId }, select: messageSelect });
  // Stored events are replayed to reconnecting clients for a week, so they keep only the message
  // as it is now: earlier events about it (its text before an edit, say) are superseded by this one.
  await outbox.tx.$executeRaw`
    DELETE FROM "RealtimeEvent" WHERE room = ${forumRoom(roomId)} AND name = ${"forum:message"} AND payload->'message'->>'id' = ${messageId}`;
  await outbox.tx.$executeRaw`
    DELETE FROM "PendingRealtimeEvent" WHERE room = ${forumRoom(roomId)} AND name = ${"forum:message"} AND payload->'message'->>'id' = ${messageId}`;
  // Events carry no hidden text: moderators fetch it through the page.
  await outbox.event(forumRoom(roomId), "forum:message", { message: messageView(row, null) });
}

/** Text that was deleted or hidden is taken out of the stored events that resume clients. */
async function scrubEvents(tx: Tx, roomId: string, messageId: string) {
  await tx.$executeRaw`
    UPDATE "RealtimeEvent" SET payload = jsonb_set(payload::jsonb, '{message,body}', '""'::jsonb)
    WHERE room = ${forumRoom(roomId)} AND payload->'message'->>'id' = ${messageId}`;
  await tx.$executeRaw`
    UPDATE "PendingRealtimeEvent" SET payload = jsonb_set(payload::jsonb, '{message,body}', '""'::jsonb)
    WHERE room = ${forumRoom(roomId)} AND payload->'message'->>'id' = ${messageId}`;
}

const noRoom = (): Failure => fail(403, "body", "You cannot post in this room");

/** More would make a message a way to page a whole room: one mention is one notification. */
export const MAX_MENTIONS = 5;

/** People named as @Display Name in a message, among those who may read the room. */
function mentionedIn(body: string, members: { id: string; displayName: string }[], authorId: string): string[] {
  const text = body.toLowerCase();
  return members.filter((m) => m.id !== authorId && text.includes(`@${m.displayName.toLowerCase()}`)).map((m) => m.id);
}

export async function sendMessage(
  actor: ForumReader | null,
  roomId: string,
  input: { body: string; parentId?: string; clientMessageId?: string },
  publisher: Publisher,
): Promise<SentMessage | Failure> {
  // The same key from the form or the socket: a message resent after a lost answer is one message.
  const submission: Submission = { owner: actor?.id ?? "", key: actor ? input.clientMessageId : undefined, scope: `forum-message:${roomId}` };
  const earlier = await earlierAnswer<SentMessage>(submission);
  if (earlier) return earlier;
  const room = await db.forumRoom.findUnique({ where: { id: roomId }, select: roomSelect });
  if (!room || !actor || !canPostInRoom(actor, room)) return room?.archivedAt && canReadRoom(actor, room) ? fail(409, "body", ARCHIVED) : noRoom();
  let parent: { id: string; authorId: string } | null = null;
  if (input.parentId) {
    parent = await db.forumMessage.findFirst({
      where: { id: input.parentId, roomId, parentId: null, deletedAt: null, moderation: "VISIBLE" },
      select: { id: true, authorId: true },
    });
    if (!parent) return fail(409, "body", "The message you are replying to has been removed");
  }
  const members = input.body.includes("@") ? await roomMembers(room) : [];
  const mentions = mentionedIn(input.body, members, actor.id);
  if (mentions.length > MAX_MENTIONS) return fail(400, "body", `Mention at most ${MAX_MENTIONS} people in one message (this one mentions ${mentions.length})`);
  const flooded = await checkFloodLimit(actor.id, "forum-message", "body");
  if (flooded) return flooded;
  const author = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { displayName: true } });
  return inTransaction(publisher, (tx, outbox) =>
    answerOnce<SentMessage | Failure>(
      tx,
      submission,
      async () => {
        const created = await tx.forumMessage.create({
          data: { roomId, authorId: actor.id, parentId: parent?.id ?? null, body: input.body, mentions },
          select: { id: true },
        });
        if (parent) await tx.forumMessage.update({ where: { id: parent.id }, data: { replyCount: { increment: 1 } } });
        await recordMessage(outbox, roomId, created.id);
        if (parent) await recordMessage(outbox, roomId, parent.id);

        const link = `/forum/rooms/${room.slug}#message-${parent?.id ?? created.id}`;
        const notices: NewNotification[] = [];
        if (parent && parent.authorId !== actor.id)
          notices.push({
            userId: parent.authorId,
            kind: "reply",
            title: `${author.displayName} replied to you in ${room.name}`,
            link,
            namedUserIds: [actor.id],
          });
        for (const userId of mentions)
          if (userId !== parent?.authorId)
            notices.push({ userId, kind: "mention", title: `${author.displayName} mentioned you in ${room.name}`, link, namedUserIds: [actor.id] });
        await notify(outbox, notices);
        const crisis = await raiseConcern(outbox, input.body, { kind: "message", id: created.id, where: `in ${room.name}`, link: "/forum/rooms#alerts" });
        return { ok: true, messageId: created.id, crisis };
      },
      () => fail(409, "body", "This message could not be sent: reload the page and try again"),
    ),
  );
}

// An archived room keeps what was said as it was: no new messages, edits or reactions. Its
// members may still delete their own messages, and report others (safeguarding does not stop).
const ARCHIVED = "This room is archived";

type SentMessage = { ok: true; messageId: string; crisis: boolean };

async function findOwnMessage(actor: ForumReader | null, messageId: string) {
  const message = await db.forumMessage.findUnique({
    where: { id: messageId },
    select: { id: true, roomId: true, authorId: true, createdAt: true, deletedAt: true, moderation: true, room: { select: roomSelect } },
  });
  if (!message || !actor || !canReadRoom(actor, message.room)) return { message: null, failure: fail(404, "form", "This message is not available") };
  return { message, failure: null };
}

export async function editMessage(
  actor: ForumReader | null,
  messageId: string,
  body: string,
  publisher: Publisher,
  now = new Date(),
): Promise<CommandResult<{ crisis: boolean }>> {
  const { message, failure } = await findOwnMessage(actor, messageId);
  if (!message) return failure!;
  if (message.authorId !== actor!.id) return fail(403, "body", "You can only change your own messages");
  if (!canPostInRoom(actor, message.room)) return fail(409, "body", ARCHIVED);
  if (message.deletedAt || message.moderation === "HIDDEN") return fail(409, "body", "This message has been removed");
  if (now.getTime() - message.createdAt.getTime() > EDIT_WINDOW_MS) return fail(403, "body", "Messages can only be changed in the 15 minutes after posting");
  const crisis = await inTransaction(publisher, async (tx, outbox) => {
    await tx.forumMessage.update({ where: { id: messageId }, data: { body, editedAt: now } });
    await recordMessage(outbox, message.roomId, messageId);
    return raiseConcern(outbox, body, { kind: "message", id: messageId, where: `in ${message.room.name}`, link: "/forum/rooms#alerts" });
  });
  return { ok: true, crisis };
}

/** The author deletes: a tombstone stays so that replies keep their place. */
export async function deleteMessage(actor: ForumReader | null, messageId: string, publisher: Publisher): Promise<CommandResult> {
  const { message, failure } = await findOwnMessage(actor, messageId);
  if (!message) return failure!;
  if (message.authorId !== actor!.id) return fail(403, "form", "You can only delete your own messages");
  const deleted = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.forumMessage.updateMany({
      where: { id: messageId, deletedAt: null },
      data: { deletedAt: new Date(), body: "", pinnedAt: null },
    });
    if (count === 0) return false;
    await scrubEvents(tx, message.roomId, messageId);
    await recordMessage(outbox, message.roomId, messageId);
    return true;
  });
  if (!deleted) return fail(409, "form", "This message has already been deleted");
  return { ok: true };
}

export async function react(actor: ForumReader | null, messageId: string, emoji: Reaction, add: boolean, publisher: Publisher): Promise<CommandResult> {
  const { message, failure } = await findOwnMessage(actor, messageId);
  if (!message) return failure!;
  if (!canPostInRoom(actor, message.room)) return fail(409, "form", ARCHIVED);
  if (message.deletedAt || message.moderation !== "VISIBLE") return fail(409, "form", "This message has been removed");
  const key = { messageId, userId: actor!.id, emoji };
  const changed = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = add ? await tx.forumReaction.createMany({ data: [key], skipDuplicates: true }) : await tx.forumReaction.deleteMany({ where: key });
    if (count > 0) await recordMessage(outbox, message.roomId, messageId);
    return count > 0;
  });
  if (!changed) return fail(409, "form", add ? `You have already reacted with ${emoji}` : `You have not reacted with ${emoji}`);
  return { ok: true };
}

/** Officers pin announcements; everyone who may read the room is told. */
export async function setPinned(actor: ForumReader | null, messageId: string, pinned: boolean, publisher: Publisher): Promise<CommandResult> {
  if (!canManageRooms(actor)) return fail(403, "form", "Only Forum officers can pin announcements");
  const { message, failure } = await findOwnMessage(actor, messageId);
  if (!message) return failure!;
  const members = pinned ? await roomMembers(message.room) : [];
  const changed = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.forumMessage.updateMany({
      where: { id: messageId, deletedAt: null, moderation: "VISIBLE", parentId: null, pinnedAt: pinned ? null : { not: null } },
      data: { pinnedAt: pinned ? new Date() : null },
    });
    if (count === 0) return false;
    await recordMessage(outbox, message.roomId, messageId);
    await notify(
      outbox,
      members
        .filter((m) => m.id !== actor!.id)
        .map((m) => ({
          userId: m.id,
          kind: "announcement" as const,
          title: `New announcement in ${message.room.name}`,
          link: `/forum/rooms/${message.room.slug}#message-${messageId}`,
        })),
    );
    return true;
  });
  if (!changed) return fail(409, "form", pinned ? "Only a visible message that is not pinned can be pinned" : "This message is not pinned");
  return { ok: true };
}

export async function markRead(actor: ForumReader | null, roomId: string, now = new Date()): Promise<boolean> {
  const room = await db.forumRoom.findUnique({ where: { id: roomId }, select: roomSelect });
  if (!room || !actor || !canReadRoom(actor, room)) return false;
  await db.forumRoomRead.upsert({
    where: { roomId_userId: { roomId, userId: actor.id } },
    create: { roomId, userId: actor.id, lastReadAt: now },
    update: { lastReadAt: now },
  });
  return true;
}

export async function reportMessage(
  actor: ForumReader | null,
  messageId: string,
  reason: string,
  publisher: Publisher,
): Promise<CommandResult<{ hidden: boolean }>> {
  const { message, failure } = await findOwnMessage(actor, messageId);
  if (!message) return failure!;
  if (message.authorId === actor!.id) return fail(409, "reason", "You cannot report your own message");
  if (message.deletedAt) return fail(409, "reason", "This message has been deleted");
  const unconfirmed = unconfirmedEmail(actor, "reason");
  if (unconfirmed) return unconfirmed;
  const flooded = await checkFloodLimit(actor!.id, "report", "reason");
  if (flooded) return flooded;
  const result = await inTransaction(publisher, async (tx, outbox) => {
    const reported = await recordReport(tx, { kind: "message", id: messageId }, actor!.id, reason, REPORT_THRESHOLD);
    if (reported.ok && reported.hidden) {
      await scrubEvents(tx, message.roomId, messageId);
      await recordMessage(outbox, message.roomId, messageId);
    }
    return reported;
  });
  if (!result.ok) return fail(409, "reason", "You have already reported this message");
  return { ok: true, hidden: result.hidden };
}

export async function moderateMessage(
  actor: ForumReader | null,
  messageId: string,
  intent: "hide" | "restore",
  reason: string,
  publisher: Publisher,
): Promise<CommandResult> {
  if (!canModerateForum(actor)) return fail(403, "form", "Only Forum officers can moderate");
  const { message, failure } = await findOwnMessage(actor, messageId);
  if (!message) return failure!;
  const changed = await inTransaction(publisher, async (tx, outbox) => {
    if (!(await applyModeration(tx, { kind: "message", id: messageId }, actor!.id, intent, reason))) return false;
    if (intent === "hide") await scrubEvents(tx, message.roomId, messageId);
    await recordMessage(outbox, message.roomId, messageId);
    return true;
  });
  if (!changed) return fail(409, "form", "This message has already been moderated");
  return { ok: true };
}

export async function createRoom(
  actor: ForumReader | null,
  input: { name: string; description: string; categories: RoomSummary["categories"] },
): Promise<CommandResult<{ slug: string }>> {
  if (!canManageRooms(actor)) return fail(403, "form", "Only Forum officers can create rooms");
  const slug =
    input.name
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 50) || "room";
  const { count } = await db.forumRoom.createMany({
    data: [{ slug, name: input.name, description: input.description, categories: input.categories }],
    skipDuplicates: true,
  });
  if (count === 0) return fail(409, "name", "There is already a room with this name");
  return { ok: true, slug };
}

export async function setArchived(actor: ForumReader | null, roomId: string, archived: boolean): Promise<CommandResult> {
  if (!canManageRooms(actor)) return fail(403, "form", "Only Forum officers can archive rooms");
  const { count } = await db.forumRoom.updateMany({
    where: { id: roomId, archivedAt: archived ? null : { not: null } },
    data: { archivedAt: archived ? new Date() : null },
  });
  return count ? { ok: true } : fail(409, "form", archived ? "This room is already archived" : "This room is not archived");
}

/** Officers' list: reported or hidden messages and open safeguarding alerts in the Forum. */
export async function forumModerationQueue(viewer: ForumReader | null) {
  if (!canModerateForum(viewer)) return null;
  const select = {
    id: true,
    body: true,
    reportCount: true,
    moderation: true,
    moderationReason: true,
    createdAt: true,
    author: { select: { displayName: true } },
    room: { select: { slug: true, name: true } },
    reports: { select: { reason: true } },
  } as const;
  const [reported, alerts] = await Promise.all([
    db.forumMessage.findMany({
      where: { deletedAt: null, OR: [{ reportCount: { gt: 0 } }, { moderation: "HIDDEN" }] },
      orderBy: { createdAt: "desc" },
      take: 100,
      select,
    }),
    db.safeguardingAlert.findMany({
      where: { handledAt: null, messageId: { not: null } },
      orderBy: { createdAt: "asc" },
      take: 100,
      select: { id: true, phrases: true, createdAt: true, message: { select } },
    }),
  ]);
  return { reported, alerts: alerts.flatMap(({ message, ...alert }) => (message ? [{ ...alert, message }] : [])) };
}

export async function handleForumAlert(actor: ForumReader | null, alertId: string): Promise<CommandResult> {
  if (!canModerateForum(actor)) return fail(403, "form", "Only Forum officers can do this");
  const { count } = await db.safeguardingAlert.updateMany({
    where: { id: alertId, handledAt: null, messageId: { not: null } },
    data: { handledAt: new Date(), handledById: actor!.id },
  });
  return count ? { ok: true } : fail(409, "form", "This alert has already been handled");
}

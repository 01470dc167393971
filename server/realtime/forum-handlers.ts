import { forumRoom } from "#app/features/forum/rooms.events";
import { findReadableRoom, loadForumReader, markRead, sendMessage } from "#app/features/forum/rooms.server";
import type { Db } from "#app/utils/db.server";
import type { Publisher } from "#app/utils/realtime";
import { SOCKET_COMMANDS } from "#app/utils/realtime-rooms";
import { on, type RealtimeServer } from "./socket-events";
import { firstMessage } from "#app/utils/results";

const TYPING_EVERY_MS = 2000;

/**
 * The Forum's socket events. Each one re-reads the sender's membership (it may have ended a
 * moment ago) and answers with an ack: { ok: true } or { ok: false, error }.
 */
export function registerForumHandlers(io: RealtimeServer, db: Db, publisher: Publisher) {
  io.on("connection", (socket) => {
    const lastTyping = new Map<string, number>();
    on(socket, "forum:send", SOCKET_COMMANDS["forum:send"], async (input, ack) => {
      const reader = await loadForumReader(socket.data.userId);
      const result = await sendMessage(reader, input.roomId, input, publisher);
      if (!result.ok) return ack({ ok: false, error: firstMessage(result, "Not sent") });
      ack({ ok: true, messageId: result.messageId, crisis: result.crisis });
    });
    on(socket, "forum:typing", SOCKET_COMMANDS["forum:typing"], async ({ roomId }, ack) => {
      const room = forumRoom(roomId);
      if (!socket.rooms.has(room)) return ack({ ok: false, error: "Join the room first" });
      if (Date.now() - (lastTyping.get(roomId) ?? 0) < TYPING_EVERY_MS) return ack({ ok: true });
      const reader = await loadForumReader(socket.data.userId);
      if (!(await findReadableRoom({ id: roomId }, reader))) return ack({ ok: false, error: "You cannot post in this room" });
      lastTyping.set(roomId, Date.now());
      const user = await db.user.findUniqueOrThrow({ where: { id: reader!.id }, select: { displayName: true } });
      // Typing is fleeting: sent to the others in the room, never stored or replayed.
      socket.to(room).emit("forum:typing", { roomId, userId: reader!.id, name: user.displayName });
      ack({ ok: true });
    });
    on(socket, "forum:read", SOCKET_COMMANDS["forum:read"], async ({ roomId }, ack) => {
      const ok = await markRead(await loadForumReader(socket.data.userId), roomId);
      ack(ok ? { ok: true } : { ok: false, error: "You cannot read this room" });
    });
  });
}

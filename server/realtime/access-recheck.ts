import type { Server } from "socket.io";
import { ACCOUNT_EVENTS } from "~/features/accounts/accounts.events";
import type { Db } from "~/utils/db.server";
import type { Publisher, RealtimeMessage } from "~/utils/realtime";
import { isServerRoom } from "./live-connections";
import { canJoinRoom } from "./room-access";

/**
 * When a person's roles change (a Forum membership ends, say), their open sockets leave
 * every room they may no longer join, at once and on every app process.
 */
export function withAccessRecheck(publisher: Publisher, io: Server, db: Db): Publisher {
  const recheck = async (messages: RealtimeMessage[]) => {
    for (const { room, name } of messages) {
      if (name === ACCOUNT_EVENTS.rolesChanged && room.startsWith("user:")) await leaveForbiddenRooms(io, db, room.slice("user:".length));
      if (name === ACCOUNT_EVENTS.accountClosed && room.startsWith("user:")) await disconnectUser(io, room.slice("user:".length));
    }
  };
  return {
    async publish(room, name, payload) {
      const message = await publisher.publish(room, name, payload);
      await recheck([message]);
      return message;
    },
    async release(pendingIds) {
      const messages = await publisher.release(pendingIds);
      await recheck(messages);
      return messages;
    },
  };
}

export async function leaveForbiddenRooms(io: Server, db: Db, userId: string) {
  const sockets = (await io.fetchSockets()).filter((socket) => socket.data.userId === userId);
  for (const socket of sockets) {
    for (const room of socket.rooms) {
      if (room === socket.id || isServerRoom(room)) continue;
      if (!(await canJoinRoom(db, { id: userId }, room))) {
        socket.leave(room);
        socket.emit("room:left", { room, reason: "You no longer have access to this room" });
      }
    }
  }
}

/** A deleted account's sockets close at once, on every app process (fetchSockets spans them). */
export async function disconnectUser(io: Server, userId: string) {
  const sockets = (await io.fetchSockets()).filter((socket) => socket.data.userId === userId);
  for (const socket of sockets) socket.disconnect(true);
}

import type { Db } from "#app/utils/db.server";
import type { Publisher, RealtimeMessage } from "#app/utils/realtime";
import { parseRoom, roomName, ROOMS, type EventName } from "#app/utils/realtime-rooms";
import { canJoinRoom } from "./room-access";
import type { RealtimeServer } from "./socket-events";

/** The person whose own room an event went to, if it is this event of a person's room. */
function personTold(message: RealtimeMessage, name: EventName<"user">): string | null {
  return message.name === name ? ROOMS.user.idOf(message.room) : null;
}

/** The proposal whose status or version this event announces, if it is one. */
function proposalChanged(message: RealtimeMessage): string | null {
  return message.name === "proposal:status" ? ROOMS.proposal.idOf(message.room) : null;
}

/** Every room that shows a proposal or its feedback: who may be in them depends on the proposal. */
const roomsOfProposal = (proposalId: string) => [roomName("proposal", proposalId), roomName("analysis", proposalId)];

/**
 * When a person's roles change (a Forum membership ends, say), their open sockets leave
 * every room they may no longer join, at once and on every app process. When a proposal
 * changes (a new version, which may make it invitation-only, or a change of status), everyone
 * in its rooms is checked again the same way.
 */
export function withAccessRecheck(publisher: Publisher, io: RealtimeServer, db: Db): Publisher {
  const recheck = async (messages: RealtimeMessage[]) => {
    const proposals = new Set<string>();
    for (const message of messages) {
      const rolesChangedFor = personTold(message, "account:roles-changed");
      if (rolesChangedFor) await leaveForbiddenRooms(io, db, rolesChangedFor);
      const closed = personTold(message, "account:closed");
      if (closed) await disconnectUser(io, closed);
      const proposalId = proposalChanged(message);
      if (proposalId) proposals.add(proposalId);
    }
    for (const proposalId of proposals) for (const room of roomsOfProposal(proposalId)) await removeForbiddenSockets(io, db, room);
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

export async function leaveForbiddenRooms(io: RealtimeServer, db: Db, userId: string) {
  const sockets = (await io.fetchSockets()).filter((socket) => socket.data.userId === userId);
  for (const socket of sockets) {
    for (const room of socket.rooms) {
      // Only registered rooms have join rules; the socket's own and the server's rooms
      // (its session's and its person's, live-connections.ts) are no registered kind's.
      if (!parseRoom(room)) continue;
      if (!(await canJoinRoom(db, { id: userId }, room))) {
        socket.leave(room);
        socket.emit("room:left", { room, reason: "You no longer have access to this room" });
      }
    }
  }
}

/** Everyone in the room is checked against its join rule again; whoever may no longer join it leaves. */
export async function removeForbiddenSockets(io: RealtimeServer, db: Db, room: string) {
  const sockets = await io.in(room).fetchSockets();
  // One check per person (and one for everyone signed out), however many tabs they have open.
  const verdicts = new Map<string | null, Promise<boolean>>();
  for (const socket of sockets) {
    const userId = socket.data.userId ?? null;
    let allowed = verdicts.get(userId);
    if (!allowed) verdicts.set(userId, (allowed = canJoinRoom(db, userId ? { id: userId } : null, room)));
    if (!(await allowed)) {
      socket.leave(room);
      socket.emit("room:left", { room, reason: "You no longer have access to this room" });
    }
  }
}

/** A deleted account's sockets close at once, on every app process (fetchSockets spans them). */
export async function disconnectUser(io: RealtimeServer, userId: string) {
  const sockets = (await io.fetchSockets()).filter((socket) => socket.data.userId === userId);
  for (const socket of sockets) socket.disconnect(true);
}

import type { Server } from "socket.io";
import { invalidateThread, proposalIdOfRoom } from "~/features/consultations/thread.server";
import type { Publisher } from "~/utils/realtime";

const INVALIDATE = "thread:invalidate";

/**
 * The shared renders of a proposal's thread (ADR 020) are forgotten whenever an event is
 * published to the proposal's room: the events that tell open pages a comment or the proposal
 * changed are the same ones that say the shared render is out of date. Hanging off the publish
 * path (not each command) means no new kind of change can forget to invalidate. With more than
 * one app process, the other processes are told through the socket.io adapter.
 */
export function withThreadInvalidation(publisher: Publisher, io: Server, crossProcess: boolean): Publisher {
  const serverSide = io as unknown as { on(event: string, listener: (id: string) => void): void; serverSideEmit(event: string, id: string): void };
  if (crossProcess) serverSide.on(INVALIDATE, (proposalId) => typeof proposalId === "string" && invalidateThread(proposalId));
  const invalidate = (rooms: string[]) => {
    for (const proposalId of new Set(rooms.map(proposalIdOfRoom))) {
      if (!proposalId) continue;
      invalidateThread(proposalId);
      if (crossProcess) serverSide.serverSideEmit(INVALIDATE, proposalId);
    }
  };
  // Invalidated once the change has committed and its events go out (ADR 018), whether this
  // process releases them or sweeps up a crashed process's.
  return {
    async publish(room, name, payload) {
      const message = await publisher.publish(room, name, payload);
      invalidate([room]);
      return message;
    },
    async release(pendingIds) {
      const messages = await publisher.release(pendingIds);
      invalidate(messages.map((m) => m.room));
      return messages;
    },
  };
}

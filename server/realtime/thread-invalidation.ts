import { invalidateThread } from "#app/features/consultations/thread.server";
import type { Publisher } from "#app/utils/realtime";
import { ROOMS } from "#app/utils/realtime-rooms";
import type { RealtimeServer } from "./socket-events";

/**
 * The shared renders of a proposal's thread (ADR 020) are forgotten whenever an event is
 * published to the proposal's room: the events that tell open pages a comment or the proposal
 * changed are the same ones that say the shared render is out of date. Hanging off the publish
 * path (not each command) means no new kind of change can forget to invalidate. With more than
 * one app process, the other processes are told through the socket.io adapter.
 */
export function withThreadInvalidation(publisher: Publisher, io: RealtimeServer, crossProcess: boolean): Publisher {
  if (crossProcess) io.on("thread:invalidate", (proposalId) => typeof proposalId === "string" && invalidateThread(proposalId));
  const invalidate = (rooms: string[]) => {
    for (const proposalId of new Set(rooms.map(ROOMS.proposal.idOf))) {
      if (!proposalId) continue;
      invalidateThread(proposalId);
      if (crossProcess) io.serverSideEmit("thread:invalidate", proposalId);
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

// A proposal's room. Payloads carry ids only: clients fetch the comment through the loader,
// which applies the reader's permissions. Defined in the realtime registry (ADR 026).
import type { EventPayload } from "#app/utils/realtime-rooms";
import { roomName } from "#app/utils/room-names";

export const proposalRoom = (id: string) => roomName("proposal", id);

export type CommentCreatedPayload = EventPayload<"proposal", "comment:created">;
export type CommentUpdatedPayload = EventPayload<"proposal", "comment:updated">;

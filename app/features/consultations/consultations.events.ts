// A proposal's room. Payloads carry ids only: clients fetch the comment through the loader,
// which applies the reader's permissions. Defined in the realtime registry (ADR 026).
import { ROOMS, type EventPayload } from "~/utils/realtime-rooms";

export const proposalRoom = ROOMS.proposal.name;

export type CommentCreatedPayload = EventPayload<"proposal", "comment:created">;
export type CommentUpdatedPayload = EventPayload<"proposal", "comment:updated">;

// The analysis workspace's room: commissioners see each other's tagging and writing live.
// Payloads carry ids only; clients reload through the loader. Defined in the realtime
// registry (ADR 026).
import type { EventPayload } from "#app/utils/realtime-rooms";
import { roomName } from "#app/utils/room-names";

export const analysisRoom = (id: string) => roomName("analysis", id);

export type AnalysisChangedPayload = EventPayload<"analysis", "analysis:changed">;

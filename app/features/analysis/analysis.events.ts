// The analysis workspace's room: commissioners see each other's tagging and writing live.
// Payloads carry ids only; clients reload through the loader. Defined in the realtime
// registry (ADR 026).
import { ROOMS, type EventPayload } from "~/utils/realtime-rooms";

export const analysisRoom = ROOMS.analysis.name;

export type AnalysisChangedPayload = EventPayload<"analysis", "analysis:changed">;

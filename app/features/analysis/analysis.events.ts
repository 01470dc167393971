// The analysis workspace's room: commissioners see each other's tagging and writing live.
// Payloads carry ids only; clients reload through the loader.
export const analysisRoom = (proposalId: string) => `analysis:${proposalId}`;

export const ANALYSIS_EVENTS = {
  changed: "analysis:changed",
} as const;

export type AnalysisChangedPayload = { by: string; what: "tags" | "themes" | "quotes" | "summary" | "response" | "outcome" | "responses"; commentIds?: string[] };

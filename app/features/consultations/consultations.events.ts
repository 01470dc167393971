// Realtime events of a proposal's room. Payloads carry ids only: clients fetch the
// comment through the loader, which applies the reader's permissions.
export const proposalRoom = (proposalId: string) => `proposal:${proposalId}`;

export const PROPOSAL_EVENTS = {
  commentCreated: "comment:created",
  commentUpdated: "comment:updated",
  proposalStatus: "proposal:status",
} as const;

export type CommentCreatedPayload = { commentId: string; parentId: string | null; sectionId: string | null; authorId: string | null };
export type CommentUpdatedPayload = { commentId: string; change: "edited" | "deleted" | "agreed" | "moderated"; agreeCount?: number };

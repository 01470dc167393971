// A Forum room's live events. Room members may all read every visible message, so events
// carry the message itself (hidden and deleted messages carry no text).
export const forumRoom = (roomId: string) => `forum:${roomId}`;

export const FORUM_EVENTS = {
  message: "forum:message",
  typing: "forum:typing",
} as const;

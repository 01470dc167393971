// A Forum room's live events. Room members may all read every visible message, so events
// carry the message itself (hidden and deleted messages carry no text). Defined in the
// realtime registry (ADR 026).
import { ROOMS } from "~/utils/realtime-rooms";

export const forumRoom = ROOMS.forum.name;

// A Forum room's live events. Room members may all read every visible message, so events
// carry the message itself (hidden and deleted messages carry no text). Defined in the
// realtime registry (ADR 026).
import { roomName } from "#app/utils/room-names";

export const forumRoom = (id: string) => roomName("forum", id);

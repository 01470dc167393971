// A meeting's door count and its question queue: defined in the realtime registry (ADR 026).
import { roomName } from "#app/utils/room-names";

export const meetingRoom = (id: string) => roomName("meeting", id);
export const questionsRoom = (id: string) => roomName("questions", id);

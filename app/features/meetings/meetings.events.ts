// A meeting's door count and its question queue: defined in the realtime registry (ADR 026).
import { ROOMS } from "~/utils/realtime-rooms";

export const meetingRoom = ROOMS.meeting.name;
export const questionsRoom = ROOMS.questions.name;

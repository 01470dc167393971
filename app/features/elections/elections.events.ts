// An election's room (turnout, and the declaration): defined in the realtime registry (ADR 026).
import { roomName } from "#app/utils/room-names";

export const electionRoom = (id: string) => roomName("election", id);

// An election's room (turnout, and the declaration): defined in the realtime registry (ADR 026).
import { ROOMS } from "~/utils/realtime-rooms";

export const electionRoom = ROOMS.election.name;

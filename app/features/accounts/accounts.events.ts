// A person's own room carries what changes for them. Its events and payloads are defined in
// the realtime registry (ADR 026); this is the accounts feature's name for it.
import { ROOMS } from "~/utils/realtime-rooms";

export const userRoom = ROOMS.user.name;

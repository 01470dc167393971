// A person's own room carries what changes for them. Its events and payloads are defined in
// the realtime registry (ADR 026); this is the accounts feature's name for it.
import { roomName } from "#app/utils/room-names";

export const userRoom = (id: string) => roomName("user", id);

import type { RoomKind } from "./realtime-rooms";

/**
 * A room name of a kind: `<kind>:<id>`. The kinds are the realtime registry's
 * (./realtime-rooms.ts, ADR 026). This module holds no schemas (no zod), so that pages which
 * only name a room, the root among them, do not carry the registry's validators in their
 * bundle; the client hook loads those when it first joins a room.
 */
export type RoomName<K extends string = RoomKind> = `${K}:${string}`;

/** The room of one entity of a registered kind. */
export function roomName<K extends RoomKind>(kind: K, id: string): RoomName<K> {
  return `${kind}:${id}`;
}

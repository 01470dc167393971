import type { Db } from "~/utils/db.server";

type SocketUser = { id: string } | null;

/**
 * Who may join which room. A room name is `<kind>:<id>`; each kind has one rule, and an
 * unknown kind is refused. Features add their kinds here with their own policy.
 */
const rules: Record<string, (db: Db, user: SocketUser, id: string) => Promise<boolean>> = {
  // A person's own room: notifications and account changes.
  user: async (_db, user, id) => user?.id === id,
};

export async function canJoinRoom(db: Db, user: SocketUser, room: string): Promise<boolean> {
  const separator = room.indexOf(":");
  if (separator <= 0) return false;
  const rule = rules[room.slice(0, separator)];
  return rule ? rule(db, user, room.slice(separator + 1)) : false;
}

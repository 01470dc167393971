import type { ForumCategory, MembershipStatus, RoleName } from "~/generated/prisma/enums";
import { hasPermission } from "~/utils/permissions";

// Who may read and write in the Forum's rooms. Checked in every loader, action and socket
// event, so a membership that ends shuts the door at once.

export type ForumReader = { id: string; roles: readonly RoleName[]; membership: { status: MembershipStatus; category: ForumCategory } | null; emailVerified?: boolean };
type Room = { categories: readonly ForumCategory[]; archivedAt: Date | string | null };

export function isForumOfficer(actor: { roles: readonly RoleName[] } | null): boolean {
  return hasPermission(actor, "verify:forum-membership:any");
}

/** Officers always; verified members when the room is open to all, or to their category. */
export function canReadRoom(reader: ForumReader | null, room: Room): boolean {
  if (!reader) return false;
  if (isForumOfficer(reader)) return true;
  const membership = reader.membership;
  if (!membership || membership.status !== "VERIFIED" || !reader.roles.includes("FORUM_MEMBER")) return false;
  return room.categories.length === 0 || room.categories.includes(membership.category);
}

/** Archived rooms stay readable but take no new messages. */
export function canPostInRoom(reader: ForumReader | null, room: Room): boolean {
  return canReadRoom(reader, room) && !room.archivedAt;
}

/** Creating and archiving rooms, pinning announcements and moderating: officers. */
export const canManageRooms = isForumOfficer;
export const canModerateForum = isForumOfficer;

export const EDIT_WINDOW_MS = 15 * 60 * 1000;

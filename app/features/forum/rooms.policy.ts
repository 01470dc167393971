import type { Prisma } from "#app/generated/prisma/client";
import type { ForumCategory, MembershipStatus, RoleName } from "#app/generated/prisma/enums";
import { hasPermission } from "#app/utils/permissions";
import { rule } from "#app/utils/policy";

// Who may read and write in the Forum's rooms. Checked in every loader, action and socket
// event, so a membership that ends shuts the door at once.

export type ForumReader = {
  id: string;
  roles: readonly RoleName[];
  membership: { status: MembershipStatus; category: ForumCategory } | null;
  emailVerified?: boolean;
};
type Room = { categories: readonly ForumCategory[]; archivedAt: Date | string | null };

export function isForumOfficer(actor: { roles: readonly RoleName[] } | null): boolean {
  return hasPermission(actor, "verify:forum-membership:any");
}

/** The category a reader's verified membership lets them into, or null when it lets them into none. */
function memberCategory(viewer: ForumReader | null): ForumCategory | null {
  const membership = viewer?.membership;
  if (!membership || membership.status !== "VERIFIED" || !hasPermission(viewer, "read:forum-room:member")) return null;
  return membership.category;
}

/**
 * Officers always; verified members when the room is open to all, or to their category (which
 * rooms a member's category opens is a relationship between the two, not a role).
 */
export const roomReadable = rule<ForumReader | null, Room, Prisma.ForumRoomWhereInput>({
  allows: (viewer, room) => {
    if (!viewer) return false;
    if (isForumOfficer(viewer)) return true;
    const category = memberCategory(viewer);
    return category !== null && (room.categories.length === 0 || room.categories.includes(category));
  },
  where: (viewer) => {
    if (!viewer) return { id: { in: [] } };
    if (isForumOfficer(viewer)) return {};
    const category = memberCategory(viewer);
    // A room made without categories may hold NULL rather than an empty list: both mean "all".
    return category === null
      ? { id: { in: [] } }
      : { OR: [{ categories: { equals: null } }, { categories: { isEmpty: true } }, { categories: { has: category } }] };
  },
});

export const canReadRoom = (viewer: ForumReader | null, room: Room): boolean => roomReadable.allows(viewer, room);

/** Archived rooms stay readable but take no new messages. */
export function canPostInRoom(viewer: ForumReader | null, room: Room): boolean {
  return canReadRoom(viewer, room) && !room.archivedAt;
}

/** Creating and archiving rooms, pinning announcements and moderating: officers. */
export const canManageRooms = isForumOfficer;
export const canModerateForum = isForumOfficer;

export const EDIT_WINDOW_MS = 15 * 60 * 1000;

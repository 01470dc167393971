import { canAnalyseFeedback } from "~/features/analysis/analysis.policy";
import { findProposalAccess } from "~/features/consultations/proposals.server";
import { findReadableRoom, loadForumReader } from "~/features/forum/rooms.server";
import { canOrganise } from "~/features/meetings/meetings.policy";
import type { RoleName } from "~/generated/prisma/enums";
import type { Db } from "~/utils/db.server";

type SocketUser = { id: string } | null;

/**
 * Who may join which room. A room name is `<kind>:<id>`; each kind has one rule, and an
 * unknown kind is refused. Features add their kinds here with their own policy.
 */
const rules: Record<string, (db: Db, user: SocketUser, id: string) => Promise<boolean>> = {
  // A person's own room: notifications and account changes.
  user: async (_db, user, id) => user?.id === id,
  // A proposal's discussion: whoever may read the proposal (drafts and invitation-only
  // proposals stay closed to everyone else).
  // An election's turnout: its Forum members and officers (turnout only; never partial results).
  election: async (db, user, id) => {
    if (!user) return false;
    const [election, actor] = await Promise.all([db.election.findUnique({ where: { id }, select: { id: true } }), withRoles(db, user.id)]);
    return !!election && actor.roles.some((role) => role === "FORUM_MEMBER" || role === "FORUM_OFFICER");
  },
  // A meeting's door count: its organisers.
  meeting: async (db, user) => !!user && canOrganise(await withRoles(db, user.id)),
  // A meeting's question queue is shown on the projector to the room: anyone may watch it.
  questions: async (db, _user, id) => (await db.meeting.count({ where: { id } })) > 0,
  // A Forum room: verified members (of its categories, if it has any) and officers.
  forum: async (_db, user, id) => (await findReadableRoom({ id }, await loadForumReader(user?.id))) !== null,
  // The feedback analysis of a proposal: commissioners only.
  analysis: async (db, user, id) => !!user && canAnalyseFeedback(await withRoles(db, user.id)) && (await db.proposal.count({ where: { id } })) > 0,
  proposal: async (db, user, id) => (await findProposalAccess({ id }, user ? await withRoles(db, user.id) : null)) !== null,
};

async function withRoles(db: Db, userId: string): Promise<{ id: string; roles: RoleName[] }> {
  const roles = await db.userRole.findMany({ where: { userId }, select: { role: true } });
  return { id: userId, roles: roles.map((r) => r.role) };
}

/** Room kinds whose pages show who is there ("N people viewing now", or names in the Forum). */
export function countsPresence(room: string): boolean {
  return room.startsWith("proposal:") || room.startsWith("forum:");
}

/** Forum rooms show members who is there by name; elsewhere only a count. */
export function namesPresence(room: string): boolean {
  return room.startsWith("forum:");
}

export async function canJoinRoom(db: Db, user: SocketUser, room: string): Promise<boolean> {
  const separator = room.indexOf(":");
  if (separator <= 0) return false;
  const rule = rules[room.slice(0, separator)];
  return rule ? rule(db, user, room.slice(separator + 1)) : false;
}

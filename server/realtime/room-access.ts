import { mayJoinUserRoom } from "#app/features/accounts/accounts.server";
import { mayJoinAnalysisRoom } from "#app/features/analysis/workspace.server";
import { mayJoinProposalRoom } from "#app/features/consultations/proposals.server";
import { mayJoinElectionRoom } from "#app/features/elections/elections.server";
import { mayJoinForumRoom } from "#app/features/forum/rooms.server";
import { mayJoinMeetingRoom } from "#app/features/meetings/meetings.server";
import { mayJoinQuestionsRoom } from "#app/features/meetings/questions.server";
import type { RoleName } from "#app/generated/prisma/enums";
import type { Db } from "#app/utils/db.server";
import { parseRoom, presenceOf, type JoinRule, type RoomKind, type RoomViewer } from "#app/utils/realtime-rooms";

type SocketUser = { id: string } | null;

/**
 * Who may join which room: one rule per registered room kind (app/utils/realtime-rooms.ts),
 * each written by its feature. A kind added to the registry without a rule here does not
 * compile; a room name of no registered kind is refused.
 */
export const JOIN_RULES = {
  user: mayJoinUserRoom,
  proposal: mayJoinProposalRoom,
  election: mayJoinElectionRoom,
  meeting: mayJoinMeetingRoom,
  questions: mayJoinQuestionsRoom,
  forum: mayJoinForumRoom,
  analysis: mayJoinAnalysisRoom,
} satisfies Record<RoomKind, JoinRule>;

async function viewerOf(db: Db, user: SocketUser): Promise<RoomViewer> {
  if (!user) return null;
  // Read afresh on every join and re-check: a role granted or revoked a moment ago counts.
  const roles = await db.userRole.findMany({ where: { userId: user.id }, select: { role: true } });
  return { id: user.id, roles: roles.map((r): RoleName => r.role) };
}

/** Room kinds whose pages show who is there ("N people viewing now", or names in the Forum). */
export function countsPresence(room: string): boolean {
  return presenceOf(room) !== "none";
}

/** Rooms that show members who is there by name (the Forum); elsewhere only a count. */
export function namesPresence(room: string): boolean {
  return presenceOf(room) === "names";
}

export async function canJoinRoom(db: Db, user: SocketUser, room: string): Promise<boolean> {
  const parsed = parseRoom(room);
  if (!parsed) return false;
  const rule: JoinRule = JOIN_RULES[parsed.kind];
  return rule(await viewerOf(db, user), parsed.id);
}

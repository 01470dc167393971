import { RoleName } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { inTransaction } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { userRoom } from "./accounts.events";
import { canChangeRole, canManageRoles } from "./accounts.policy";

const PAGE_SIZE = 50;

/** People to manage, each with the roles the viewer may not change for them (shown as theirs, without a button). */
export async function listUsers(viewer: SessionUser, query: string | undefined) {
  // Deleted accounts are nameless rows kept for the record, not people to manage.
  const where = query
    ? {
        erasedAt: null,
        OR: [{ email: { contains: query, mode: "insensitive" as const } }, { displayName: { contains: query, mode: "insensitive" as const } }],
      }
    : { erasedAt: null };
  const [users, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: { createdAt: "desc" },
      take: PAGE_SIZE,
      select: {
        id: true,
        email: true,
        displayName: true,
        stakeholderType: true,
        emailVerifiedAt: true,
        roles: { select: { role: true } },
      },
    }),
    db.user.count({ where }),
  ]);
  return {
    users: users.map((u) => {
      const roles = u.roles.map((r) => r.role);
      const fixedRoles = Object.values(RoleName).filter((role) => !canChangeRole(viewer, u, role, roles.includes(role) ? "revoke" : "grant"));
      return { ...u, roles, fixedRoles };
    }),
    total,
    pageSize: PAGE_SIZE,
    // Every role there is, in the order the page offers them.
    roles: Object.values(RoleName),
  };
}

export async function changeRole(
  actor: SessionUser,
  input: { userId: string; role: RoleName; intent: "grant" | "revoke" },
  publisher: Publisher,
): Promise<CommandResult> {
  if (!canManageRoles(actor)) return fail(403, "form", "You do not have permission to do this.");
  if (!canChangeRole(actor, { id: input.userId }, input.role, input.intent)) return fail(403, "form", "You cannot remove your own administrator role.");
  const changed = await inTransaction(publisher, async (tx, outbox) => {
    const target = await tx.user.findUnique({ where: { id: input.userId }, select: { id: true } });
    if (!target) return null;
    if (input.intent === "grant") {
      const result = await tx.userRole.createMany({
        data: [{ userId: input.userId, role: input.role, grantedById: actor.id }],
        skipDuplicates: true,
      });
      if (result.count === 0) return false;
    } else {
      const result = await tx.userRole.deleteMany({ where: { userId: input.userId, role: input.role } });
      if (result.count === 0) return false;
    }
    await tx.auditEvent.create({
      data: { actorId: actor.id, action: `role.${input.intent}`, subject: `user:${input.userId}`, details: { role: input.role } },
    });
    await outbox.event(userRoom(input.userId), "account:roles-changed", { role: input.role, intent: input.intent });
    return true;
  });
  if (changed === null) return fail(404, "form", "That account no longer exists");
  return ok();
}

import type { ForumCategory } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { inTransaction } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { userRoom } from "#app/features/accounts/accounts.events";
import { canManageMembership } from "./forum.policy";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { unconfirmedEmail } from "#app/features/accounts/accounts.policy";

/** The viewer's own membership (their postcode is theirs to see). */
export function getMembership(viewer: { id: string }) {
  return db.forumMembership.findUnique({
    where: { userId: viewer.id },
    select: { id: true, category: true, postcode: true, residentVerified: true, status: true, appliedAt: true, decidedAt: true, reason: true },
  });
}

export async function applyToJoin(actor: SessionUser, input: { category: ForumCategory; postcode: string }): Promise<CommandResult> {
  const unconfirmed = unconfirmedEmail(actor, "category");
  if (unconfirmed) return unconfirmed;
  const existing = await getMembership(actor);
  if (existing?.status === "VERIFIED") return fail(409, "category", "You are already a member of the Forum");
  if (existing?.status === "PENDING") return fail(409, "category", "Your application is waiting for a Forum officer");
  // A declined or ended membership can be applied for again: the same record reopens.
  await db.forumMembership.upsert({
    where: { userId: actor.id },
    create: { userId: actor.id, category: input.category, postcode: input.postcode },
    update: {
      category: input.category,
      postcode: input.postcode,
      status: "PENDING",
      residentVerified: false,
      appliedAt: new Date(),
      decidedAt: null,
      decidedById: null,
      reason: null,
    },
  });
  return ok();
}

/** Applications and members, for Forum officers only (names, emails and postcodes). */
export async function listMemberships(viewer: SessionUser | null) {
  if (!canManageMembership(viewer)) return [];
  return db.forumMembership.findMany({
    where: { status: { in: ["PENDING", "VERIFIED"] } },
    orderBy: [{ status: "asc" }, { appliedAt: "asc" }],
    select: {
      id: true,
      category: true,
      postcode: true,
      residentVerified: true,
      status: true,
      appliedAt: true,
      decidedAt: true,
      user: { select: { displayName: true, email: true } },
      decidedBy: { select: { displayName: true } },
    },
  });
}

/**
 * An officer verifies (recording who and when, and whether residency was checked),
 * declines with a reason, or ends a membership. The Forum member role follows the
 * membership, and the person's open pages are told at once.
 */
export async function decideMembership(
  actor: SessionUser,
  input: { intent: "verify" | "decline" | "end"; membershipId: string; residentVerified: boolean; reason?: string },
  publisher: Publisher,
): Promise<CommandResult> {
  if (!canManageMembership(actor)) return fail(403, "form", "Only Forum officers can decide on membership");
  const from = input.intent === "end" ? "VERIFIED" : "PENDING";
  const to = input.intent === "verify" ? "VERIFIED" : input.intent === "decline" ? "DECLINED" : "ENDED";
  const userId = await inTransaction(publisher, async (tx, outbox) => {
    const membership = await tx.forumMembership.findFirst({ where: { id: input.membershipId, status: from }, select: { userId: true } });
    if (!membership) return null;
    await tx.forumMembership.update({
      where: { id: input.membershipId },
      data: {
        status: to,
        decidedAt: new Date(),
        decidedById: actor.id,
        reason: input.reason ?? null,
        ...(input.intent === "verify" ? { residentVerified: input.residentVerified } : {}),
      },
    });
    // The membership grants the Forum member role by name: that is data (which role the
    // relationship gives), not a permission check.
    if (to === "VERIFIED") {
      await tx.userRole.createMany({ data: [{ userId: membership.userId, role: "FORUM_MEMBER", grantedById: actor.id }], skipDuplicates: true });
    } else {
      await tx.userRole.deleteMany({ where: { userId: membership.userId, role: "FORUM_MEMBER" } });
    }
    // Only members may stand: their nominations in elections not yet declared are withdrawn, as
    // when an account is deleted; results already declared stand (ADR 040).
    const withdrawn =
      to === "ENDED"
        ? (
            await tx.nomination.updateMany({
              where: { candidateId: membership.userId, withdrawnAt: null, election: { declaredAt: null } },
              data: { withdrawnAt: new Date(), withdrawnReason: "Their Forum membership ended" },
            })
          ).count
        : 0;
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        action: `membership.${input.intent}`,
        subject: `user:${membership.userId}`,
        details: input.reason ? { reason: input.reason, ...(withdrawn ? { withdrawnNominations: withdrawn } : {}) } : undefined,
      },
    });
    await outbox.event(userRoom(membership.userId), "account:roles-changed", { role: "FORUM_MEMBER", intent: to === "VERIFIED" ? "grant" : "revoke" });
    return membership.userId;
  });
  if (!userId) return fail(409, "form", input.intent === "end" ? "Only a current membership can be ended" : "This application has already been decided");
  return ok();
}

import type { RoleName } from "#app/generated/prisma/enums";
import { hasPermission, rolesWith } from "#app/utils/permissions";
import { fail, type Failure } from "#app/utils/results";

type Actor = { id: string; roles: readonly RoleName[] } | null;

export function canManageRoles(actor: Actor): boolean {
  return hasPermission(actor, "update:user-roles:any");
}

/**
 * Administrators cannot remove from themselves the role that lets them manage roles, so the
 * site is never left without someone who can.
 */
export function canChangeRole(actor: Actor, target: { id: string }, role: RoleName, intent: "grant" | "revoke"): boolean {
  if (!canManageRoles(actor)) return false;
  return !(intent === "revoke" && actor!.id === target.id && rolesWith("update:user-roles:any").includes(role));
}

/** The development outbox is open to anyone outside production, to administrators in it. */
export function canReadOutbox(actor: Actor, nodeEnv: string): boolean {
  return nodeEnv !== "production" || hasPermission(actor, "read:outbox:any");
}

/** Sending an undelivered email again is for administrators, in every environment. */
export function canRetryEmail(actor: Actor): boolean {
  return hasPermission(actor, "retry:email:any");
}

/**
 * Taking part (commenting, agreeing, reporting, registering, asking and voting on questions,
 * nominating, voting, applying to the Forum) needs a confirmed email address: an address
 * anyone can type is not proof of who someone is (docs/decisions/017).
 */
export function hasConfirmedEmail(actor: { emailVerified?: boolean } | null): boolean {
  return actor?.emailVerified === true;
}

export const CONFIRM_EMAIL_FIRST = "Confirm your email address before you take part: open the link we emailed you, or ask us to send it again";

/** The refusal every command gives someone whose address is not confirmed yet, or null. */
export function unconfirmedEmail(actor: { emailVerified?: boolean } | null, field = "form"): Failure | null {
  return hasConfirmedEmail(actor) ? null : fail(403, field, CONFIRM_EMAIL_FIRST);
}

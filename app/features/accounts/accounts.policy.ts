import type { RoleName } from "~/generated/prisma/enums";
import { hasPermission } from "~/utils/permissions";

type Actor = { id: string; roles: readonly RoleName[] } | null;

export function canManageRoles(actor: Actor): boolean {
  return hasPermission(actor, "update:user-roles:any");
}

/** Administrators cannot remove their own administrator role, so the site is never left without one. */
export function canChangeRole(actor: Actor, target: { id: string }, role: RoleName, intent: "grant" | "revoke"): boolean {
  if (!canManageRoles(actor)) return false;
  return !(intent === "revoke" && role === "ADMIN" && actor!.id === target.id);
}

/** The development outbox is open to anyone outside production, to administrators in it. */
export function canReadOutbox(actor: Actor, nodeEnv: string): boolean {
  return nodeEnv !== "production" || hasPermission(actor, "read:outbox:any");
}

/** Sending an undelivered email again is for administrators, in every environment. */
export function canRetryEmail(actor: Actor): boolean {
  return hasPermission(actor, "retry:email:any");
}

import type { RoleName } from "~/generated/prisma/enums";
import { hasPermission } from "~/utils/permissions";

type Actor = { id: string; roles: readonly RoleName[] } | null;

/** Holds the board secretary role (or is an administrator): may keep some body's record. */
export function canManageBodies(actor: Actor): boolean {
  return hasPermission(actor, "manage:body:any");
}

/**
 * Keeps this body's record: administrators, and board secretaries assigned to the body.
 * `secretaryIds` are the body's assigned secretaries.
 */
export function canManageBody(actor: Actor, secretaryIds: readonly string[]): boolean {
  if (!actor || !canManageBodies(actor)) return false;
  return actor.roles.includes("ADMIN") || secretaryIds.includes(actor.id);
}

/** Elected places are filled by Forum elections, never by hand. */
export function isAppointable(seat: { fillMethod: string }): boolean {
  return seat.fillMethod !== "ELECTED";
}

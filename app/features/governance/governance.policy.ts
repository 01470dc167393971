import type { RoleName } from "~/generated/prisma/enums";
import { hasPermission } from "~/utils/permissions";

type Actor = { id: string; roles: readonly RoleName[] } | null;

export function canManageBodies(actor: Actor): boolean {
  return hasPermission(actor, "manage:body:any");
}

/** Elected places are filled by Forum elections, never by hand. */
export function canAppointTo(actor: Actor, seat: { fillMethod: string }): boolean {
  return canManageBodies(actor) && seat.fillMethod !== "ELECTED";
}

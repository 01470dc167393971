import type { RoleName } from "#app/generated/prisma/enums";
import { hasPermission } from "#app/utils/permissions";

type Actor = { id: string; roles: readonly RoleName[] } | null;

/** Only Forum officers see who the members are, and decide on applications. */
export function canManageMembership(actor: Actor): boolean {
  return hasPermission(actor, "verify:forum-membership:any");
}

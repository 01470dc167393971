import type { RoleName } from "#app/generated/prisma/enums";
import { hasPermission } from "#app/utils/permissions";

type Actor = { id: string; roles: readonly RoleName[] } | null;

/** The analysis workspace, its socket room and every change in it: commissioners only. */
export function canAnalyseFeedback(actor: Actor): boolean {
  return hasPermission(actor, "analyse:feedback:any");
}

/** A published outcome and its report are public wherever the proposal itself is readable. */
export function canReadReport(actor: Actor, outcome: { publishedAt: Date | string | null } | null): boolean {
  return canAnalyseFeedback(actor) || !!outcome?.publishedAt;
}

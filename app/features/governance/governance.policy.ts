import type { Prisma } from "#app/generated/prisma/client";
import type { RoleName } from "#app/generated/prisma/enums";
import { hasPermission } from "#app/utils/permissions";
import { rule } from "#app/utils/policy";

type Actor = { id: string; roles: readonly RoleName[] } | null;

/** Holds the board secretary role (or is an administrator): may keep some body's record. */
export function canManageBodies(actor: Actor): boolean {
  return hasPermission(actor, "manage:body:any");
}

/**
 * Keeps this body's record: whoever assigns secretaries (administrators) keeps every body's,
 * a board secretary only the bodies they are assigned to. `secretaryIds` are the body's
 * assigned secretaries.
 */
export const manageBody = rule({
  allows: (actor: Actor, body: { secretaryIds: readonly string[] }) => {
    if (!actor || !canManageBodies(actor)) return false;
    return hasPermission(actor, "assign:secretary:any") || body.secretaryIds.includes(actor.id);
  },
  where: (actor: Actor): Prisma.BodyWhereInput => {
    if (!actor || !canManageBodies(actor)) return { id: { in: [] } };
    if (hasPermission(actor, "assign:secretary:any")) return {};
    return { secretaries: { some: { userId: actor.id } } };
  },
});

/** Assigns board secretaries to bodies (administrators). */
export function canAssignSecretaries(actor: Actor): boolean {
  return hasPermission(actor, "assign:secretary:any");
}

/**
 * What a body's meetings show to a reader, given whether the reader keeps the body's record
 * (manageBody): its secretaries see everything as it is drafted; everyone else a meeting's
 * papers once they are published, and its minutes (with their decisions and actions) once
 * the draft minutes are published.
 */
type Reader = { keepsRecord: boolean };
export const readPapers = rule({
  allows: (reader: Reader, meeting: { papersPublishedAt: Date | string | null }) => reader.keepsRecord || meeting.papersPublishedAt !== null,
  where: (reader: Reader): Prisma.BodyMeetingWhereInput => (reader.keepsRecord ? {} : { papersPublishedAt: { not: null } }),
});
export const readMinutes = rule({
  allows: (reader: Reader, meeting: { minutesPublishedAt: Date | string | null }) => reader.keepsRecord || meeting.minutesPublishedAt !== null,
  where: (reader: Reader): Prisma.BodyMeetingWhereInput => (reader.keepsRecord ? {} : { minutesPublishedAt: { not: null } }),
});

/** Elected places are filled by Forum elections, never by hand. */
export function isAppointable(seat: { fillMethod: string }): boolean {
  return seat.fillMethod !== "ELECTED";
}

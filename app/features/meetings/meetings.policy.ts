import type { QuestionStatus, RoleName } from "#app/generated/prisma/enums";
import { hasPermission } from "#app/utils/permissions";
import { rule } from "#app/utils/policy";

type Actor = { id: string; roles: readonly RoleName[] } | null;

/** Commissioners and Forum officers organise meetings; only they see who is coming and their access needs. */
export function canOrganise(actor: Actor): boolean {
  return hasPermission(actor, "organise:meeting:any");
}

export function registrationOpen(
  meeting: { registrationOpensAt: Date | string; registrationClosesAt: Date | string; startsAt: Date | string },
  now = new Date(),
) {
  const t = (d: Date | string) => new Date(d).getTime();
  return t(meeting.registrationOpensAt) <= now.getTime() && now.getTime() < t(meeting.registrationClosesAt) && now.getTime() < t(meeting.startsAt);
}

/** The online link: organisers, and people whose place is confirmed (not those on the waiting list). */
export function canSeeOnlineLink(actor: Actor, registration: { status: string } | null): boolean {
  return canOrganise(actor) || registration?.status === "CONFIRMED";
}

/** Hidden questions stay in the organisers' queue only; everyone else sees the rest. */
export const seesQuestion = rule({
  allows: (viewer: Actor, question: { status: QuestionStatus }) => canOrganise(viewer) || question.status !== "HIDDEN",
  where: (viewer: Actor) => (canOrganise(viewer) ? {} : { status: { not: "HIDDEN" as const } }),
});

/** A registration is someone's own by account, never by matching an address (docs/decisions/017). */
export const ownsRegistration = rule({
  allows: (viewer: Actor, registration: { userId: string | null }) => !!viewer && registration.userId === viewer.id,
  // An impossible id for nobody: a signed-out visitor owns no registration.
  where: (viewer: Actor) => ({ userId: viewer?.id ?? "" }),
});

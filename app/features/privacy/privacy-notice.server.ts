import crypto from "node:crypto";
import { ROLE_LABELS } from "#app/features/accounts/accounts.schema";
import type { RoleName } from "#app/generated/prisma/enums";
import { ROLE_PERMISSIONS, type Permission } from "#app/utils/permissions";
import { DATA_KINDS, EVERYONE, RETENTION_RULE_NAMES, RETENTION_RULES, type RetentionPeriods, type RetentionRuleName } from "./retention";
import { db } from "#app/utils/db.server";
import { getRetentionPeriods } from "./retention-periods.server";

/** The roles whose permissions include this one, by their names in the notice. */
export function rolesWith(permission: Permission): string[] {
  return (Object.keys(ROLE_PERMISSIONS) as RoleName[]).filter((role) => ROLE_PERMISSIONS[role].includes(permission)).map((role) => `${ROLE_LABELS[role]}s`);
}

export function describePeriod(rule: RetentionRuleName, periods: RetentionPeriods): string {
  const days = periods[rule];
  const { from, then } = RETENTION_RULES[rule];
  if (days === null) return `Kept: ${then}.`;
  return `${days} ${days === 1 ? "day" : "days"} ${from}; then ${then}.`;
}

/**
 * The privacy notice as data: what is held, who can see it, how long it is kept. Written
 * from the retention schedule and the permissions, so it cannot drift from what the
 * software does. Its version is a digest of that content, so any change (an administrator
 * changing a period, a role gaining a permission) makes a new version.
 */
export async function buildPrivacyNotice() {
  const periods = await getRetentionPeriods();
  const kinds = DATA_KINDS.map((kind) => {
    const everyone = kind.seenBy.includes(EVERYONE);
    const roles = [...new Set(kind.seenBy.flatMap((p) => (p === EVERYONE ? [] : rolesWith(p))))];
    return {
      data: kind.data,
      seenBy: everyone
        ? ["Everyone"]
        : [
            "You",
            ...roles,
            ...(kind.seenWhen ? [`${rolesWith(kind.seenWhen.permission).join(" and ")}, ${kind.seenWhen.when}`] : []),
            ...(kind.alsoSeenBy ? [kind.alsoSeenBy] : []),
          ],
      kept: kind.kept === "until-deleted" ? "Until you delete your account (or it is deleted on your request)." : describePeriod(kind.kept, periods),
    };
  });
  const schedule = RETENTION_RULE_NAMES.map((rule) => ({ rule, data: RETENTION_RULES[rule].data, kept: describePeriod(rule, periods) }));
  const version = crypto.createHash("sha256").update(JSON.stringify({ kinds, schedule })).digest("hex").slice(0, 12);
  return { version, kinds, schedule };
}

export async function currentNoticeVersion(): Promise<string> {
  return (await buildPrivacyNotice()).version;
}

export async function acceptedNoticeVersion(userId: string): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { privacyNoticeVersion: true } });
  return user?.privacyNoticeVersion ?? null;
}

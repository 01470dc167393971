import type { SessionUser } from "#app/utils/auth.server";
import type { Publisher } from "#app/utils/realtime";
import { db } from "#app/utils/db.server";
import { fail, type CommandResult } from "#app/utils/results";
import { summariseAccessNeeds } from "#app/features/meetings/registrations.server";
import { eraseAccount } from "./erasure.server";
import { canManageRetention } from "./privacy.policy";
import type { RetentionSettingsInput } from "./privacy.schema";
import { ADJUSTABLE_RULES, DAY_MS, RETENTION_RULE_NAMES, type RetentionRuleName } from "./retention";
import { getRetentionPeriods } from "./retention-periods.server";
import { purgeDeliveredEmailText } from "#app/utils/email-retention.server";

export { getRetentionPeriods };

export async function setRetentionPeriods(actor: SessionUser, input: RetentionSettingsInput): Promise<CommandResult<{ changed: RetentionRuleName[] }>> {
  if (!canManageRetention(actor)) return fail(403, "form", "Only administrators can change how long data is kept");
  const before = await getRetentionPeriods();
  const changed = ADJUSTABLE_RULES.filter((rule) => before[rule] !== input[rule]);
  if (changed.length === 0) return { ok: true, changed };
  await db.$transaction(async (tx) => {
    for (const rule of changed) {
      const days = input[rule];
      await tx.retentionSetting.upsert({
        where: { rule },
        create: { rule, days, updatedById: actor.id },
        update: { days, updatedAt: new Date(), updatedById: actor.id },
      });
    }
    await tx.auditEvent.create({
      data: {
        actorId: actor.id,
        action: "retention.change",
        subject: "retention",
        details: Object.fromEntries(changed.map((rule) => [rule, { from: before[rule], to: input[rule] }])),
      },
    });
  });
  return { ok: true, changed };
}

const before = (now: Date, days: number) => new Date(now.getTime() - days * DAY_MS);

/**
 * Each rule removes only what has passed its time and is still there, so running the
 * schedule again (on another process, or after a restart) removes nothing more.
 */
const APPLY: Record<RetentionRuleName, (days: number, now: Date, publisher: Publisher) => Promise<number>> = {
  async accessNeeds(days, now) {
    const due = await db.meeting.findMany({ where: { accessNeedsErasedAt: null, endsAt: { lt: before(now, days) } }, select: { id: true } });
    let erased = 0;
    for (const meeting of due) {
      erased += await db.$transaction(async (tx) => {
        // Lock the meeting so that two processes do not both summarise it.
        const claimed = await tx.meeting.updateMany({ where: { id: meeting.id, accessNeedsErasedAt: null }, data: { accessNeedsErasedAt: now } });
        if (claimed.count === 0) return 0;
        const live = await tx.registration.findMany({
          where: { meetingId: meeting.id, status: { not: "CANCELLED" } },
          select: { accessNeeds: true, accessOther: true, places: true, status: true },
        });
        await tx.meeting.update({ where: { id: meeting.id }, data: { accessNeedsSummary: summariseAccessNeeds(live) } });
        await tx.registration.updateMany({ where: { meetingId: meeting.id }, data: { accessNeeds: [], accessOther: null } });
        return 1;
      });
    }
    return erased;
  },
  async guestRegistrations(days, now) {
    // The registration stays (it was a place at the meeting); who it was does not.
    return db.$executeRaw`
      UPDATE "Registration" r SET "name" = 'Guest', "email" = 'guest-' || r."id" || '@erased.invalid', "anonymisedAt" = ${now}
      FROM "Meeting" m
      WHERE r."meetingId" = m."id" AND r."userId" IS NULL AND r."anonymisedAt" IS NULL AND m."endsAt" < ${before(now, days)}`;
  },
  emailText(days, now) {
    // Who it went to, the subject and when are the delivery record; the text is not kept.
    return purgeDeliveredEmailText(days, now);
  },
  async unconfirmedAccounts(days, now, publisher) {
    const stale = await db.user.findMany({
      where: { emailVerifiedAt: null, erasedAt: null, createdAt: { lt: before(now, days) } },
      select: { id: true },
      take: 200,
    });
    for (const { id } of stale) await eraseAccount(id, { text: "remove", actorId: null, reason: "unconfirmed" }, publisher);
    return stale.length;
  },
  async dataExports(days, now) {
    const { count } = await db.dataExport.deleteMany({
      where: { OR: [{ expiresAt: { lt: now } }, { status: { in: ["FAILED", "QUEUED", "RUNNING"] }, createdAt: { lt: before(now, days) } }] },
    });
    return count;
  },
  async sessions(_days, now) {
    // Lucia ends a session after 30 days without use; this deletes the ended ones.
    const { count } = await db.session.deleteMany({ where: { expiresAt: { lt: now } } });
    return count;
  },
  async emailedLinks(days, now) {
    const { count } = await db.accountToken.deleteMany({ where: { expiresAt: { lt: before(now, days) } } });
    return count;
  },
  async realtimeEvents(days, now) {
    const { count } = await db.realtimeEvent.deleteMany({ where: { createdAt: { lt: before(now, days) } } });
    return count;
  },
  async auditLog() {
    return 0;
  },
};

/** Applies the whole schedule; returns how many records each rule removed or anonymised. */
export async function applyRetentionSchedule(publisher: Publisher, now = new Date()): Promise<Partial<Record<RetentionRuleName, number>>> {
  const periods = await getRetentionPeriods();
  const removed: Partial<Record<RetentionRuleName, number>> = {};
  for (const rule of RETENTION_RULE_NAMES) {
    const days = periods[rule];
    if (days === null) continue;
    const count = await APPLY[rule](days, now, publisher);
    if (count > 0) removed[rule] = count;
  }
  return removed;
}

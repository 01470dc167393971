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
import { purgeEmailText } from "#app/utils/email-retention.server";

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

/** Where a rule's failures are written: the scheduler's logger in production. */
export type RetentionLog = { error(details: Record<string, unknown>, message: string): void };
const consoleLog: RetentionLog = { error: (details, message) => console.error(message, details) };

/**
 * What kind of error it was, without its message: database messages quote the values they
 * refused (an address, a name), and the log must not carry personal data.
 */
function errorKind(error: unknown): string {
  if (error && typeof error === "object") {
    const { name, code } = error as { name?: unknown; code?: unknown };
    return [typeof name === "string" ? name : "Error", typeof code === "string" ? code : null].filter(Boolean).join(" ");
  }
  return typeof error;
}

/** A rule's result: how many records it removed, and how many it could not (each tried on its own). */
type Outcome = { done: number; failed: string[] };

/** Runs the step for each item on its own, so one that fails (a row the database refuses) holds up no other. */
async function eachSeparately<T>(items: readonly T[], step: (item: T) => Promise<number | void>): Promise<Outcome> {
  const outcome: Outcome = { done: 0, failed: [] };
  for (const item of items) {
    try {
      outcome.done += (await step(item)) ?? 1;
    } catch (error) {
      outcome.failed.push(errorKind(error));
    }
  }
  return outcome;
}

/**
 * Each rule removes only what has passed its time and is still there, so running the
 * schedule again (on another process, or after a restart) removes nothing more.
 */
const APPLY: Record<RetentionRuleName, (days: number, now: Date, publisher: Publisher) => Promise<number | Outcome>> = {
  async accessNeeds(days, now) {
    const due = await db.meeting.findMany({ where: { accessNeedsErasedAt: null, endsAt: { lt: before(now, days) } }, select: { id: true } });
    return eachSeparately(due, (meeting) =>
      db.$transaction(async (tx) => {
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
      }),
    );
  },
  async guestRegistrations(days, now) {
    // The registration stays (it was a place at the meeting); who it was does not, here or in
    // the delivery record of the emails about it (their text goes sooner: emailText).
    return db.$transaction(async (tx) => {
      const anonymised = await tx.$queryRaw<{ id: string; email: string }[]>`
        UPDATE "Registration" r SET "name" = 'Guest', "email" = 'guest-' || r."id" || '@erased.invalid', "anonymisedAt" = ${now}
        FROM "Meeting" m
        WHERE r."meetingId" = m."id" AND r."userId" IS NULL AND r."anonymisedAt" IS NULL AND m."endsAt" < ${before(now, days)}
        RETURNING r."id", r."email"`;
      if (anonymised.length === 0) return 0;
      await tx.$executeRaw`
        UPDATE "OutboxEmail" e SET "to" = a.email, "message" = jsonb_set(e."message", '{to}', to_jsonb(a.email))
        FROM unnest(${anonymised.map((r) => r.id)}::text[], ${anonymised.map((r) => r.email)}::text[]) AS a(id, email)
        WHERE e."registrationId" = a.id`;
      return anonymised.length;
    });
  },
  emailText(days, now) {
    // Who it went to, the subject and when are the delivery record; the text is not kept,
    // whether the email was delivered or given up on.
    return purgeEmailText(days, now);
  },
  async unconfirmedAccounts(days, now, publisher) {
    const stale = await db.user.findMany({
      where: { emailVerifiedAt: null, erasedAt: null, createdAt: { lt: before(now, days) } },
      orderBy: { createdAt: "asc" },
      select: { id: true },
      take: 200,
    });
    // One account that cannot be deleted (a row that refuses, a bug) must not keep the others.
    return eachSeparately(stale, ({ id }) => eraseAccount(id, { text: "remove", actorId: null, reason: "unconfirmed" }, publisher));
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

/**
 * Applies the whole schedule; returns how many records each rule removed or anonymised. Each
 * rule runs on its own: one that fails is logged (its name and the kind of error, nothing
 * personal) and the rules after it still run, this time and next.
 */
export async function applyRetentionSchedule(
  publisher: Publisher,
  now = new Date(),
  log: RetentionLog = consoleLog,
): Promise<Partial<Record<RetentionRuleName, number>>> {
  const periods = await getRetentionPeriods();
  const removed: Partial<Record<RetentionRuleName, number>> = {};
  for (const rule of RETENTION_RULE_NAMES) {
    const days = periods[rule];
    if (days === null) continue;
    let outcome: Outcome;
    try {
      const result = await APPLY[rule](days, now, publisher);
      outcome = typeof result === "number" ? { done: result, failed: [] } : result;
    } catch (error) {
      outcome = { done: 0, failed: [errorKind(error)] };
    }
    if (outcome.done > 0) removed[rule] = outcome.done;
    if (outcome.failed.length) {
      log.error(
        { rule, failed: outcome.failed.length, errors: [...new Set(outcome.failed)] },
        `retention rule "${rule}" failed (${outcome.failed.length} ${outcome.failed.length === 1 ? "failure" : "failures"}); the other rules ran`,
      );
    }
  }
  return removed;
}

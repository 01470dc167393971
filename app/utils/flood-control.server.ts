import { db } from "./db.server";
import { getEnv } from "./env.server";
import { fail, type Failure } from "./results";

/**
 * How much one account may post, per kind of post, before it has to wait. Generous for a
 * person, small for a script: the point is that one account cannot bury a thread, fill
 * the moderation queue or send a room's members a hundred notifications in a minute.
 */
export const FLOOD_LIMITS = {
  comment: { max: 10, windowMinutes: 10, noun: "comments" },
  "forum-message": { max: 30, windowMinutes: 5, noun: "messages" },
  report: { max: 10, windowMinutes: 60, noun: "reports" },
  nomination: { max: 5, windowMinutes: 60, noun: "nominations" },
  question: { max: 5, windowMinutes: 60, noun: "questions" },
} as const;
export type FloodAction = keyof typeof FLOOD_LIMITS;

/**
 * Counts one attempt at `action` by this account and says whether it is over the limit:
 * null to go ahead, or a 429 failure naming the field the message belongs beside.
 *
 * The count lives in PostgreSQL: one row per account and action, whose window starts at
 * the first post after the last window ended, raised by a single INSERT … ON CONFLICT …
 * RETURNING. Every app process shares it, and two simultaneous posts can never both take
 * the last place. Call it after validation and authorization and before anything is
 * written: a refused post writes nothing else.
 */
export async function checkFloodLimit(userId: string, action: FloodAction, field: string, now = new Date()): Promise<Failure | null> {
  const { max: baseMax, windowMinutes, noun } = FLOOD_LIMITS[action];
  const max = baseMax * getEnv().RATE_LIMIT_CONTENT_MULTIPLIER;
  const windowMs = windowMinutes * 60_000;
  const expired = new Date(now.getTime() - windowMs);
  const [{ count, windowStart }] = await db.$queryRaw<{ count: number; windowStart: Date }[]>`
    INSERT INTO "ActionCounter" ("key", "windowStart", "count") VALUES (${`${action}:${userId}`}, ${now}, 1)
    ON CONFLICT ("key") DO UPDATE SET
      "windowStart" = CASE WHEN "ActionCounter"."windowStart" <= ${expired} THEN EXCLUDED."windowStart" ELSE "ActionCounter"."windowStart" END,
      "count" = CASE WHEN "ActionCounter"."windowStart" <= ${expired} THEN 1 ELSE "ActionCounter"."count" + 1 END
    RETURNING "count", "windowStart"`;
  if (count <= max) return null;
  const waitMinutes = Math.max(1, Math.ceil((windowStart.getTime() + windowMs - now.getTime()) / 60_000));
  return fail(
    429,
    field,
    `You have sent ${max} ${noun} in ${windowMinutes} minutes, the most we allow. Try again in ${waitMinutes} minute${waitMinutes === 1 ? "" : "s"}.`,
  );
}

/** Windows that ended a day ago can no longer refuse anything. */
export async function pruneActionCounters(now = new Date()): Promise<number> {
  const { count } = await db.actionCounter.deleteMany({ where: { windowStart: { lt: new Date(now.getTime() - 86_400_000) } } });
  return count;
}

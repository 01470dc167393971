import { db } from "./db.server";
import { IDEMPOTENCY_FIELD, IdempotencyKey } from "./idempotency";
import type { Tx } from "./outbox.server";

/**
 * One submission of a form that creates something: who sent it (a user id, or `guest:` and an
 * address), the form's idempotency key, and what kind of thing it creates. A retried or doubled
 * post carries the same key, and gets the answer the first one got instead of a second thing
 * (ADR 018). Without a key (a script, a page from before keys), every post is new.
 */
export type Submission = { owner: string; key: string | undefined; scope: string };

/** The answer a submission with this key already got, if any: checked before any other work. */
export async function earlierAnswer<T>(submission: Submission): Promise<T | null> {
  if (!submission.key) return null;
  const row = await db.idempotentRequest.findUnique({
    where: { owner_key: { owner: submission.owner, key: submission.key } },
    select: { scope: true, result: true },
  });
  return row && row.scope === submission.scope && row.result !== null ? (row.result as T) : null;
}

/**
 * Inside the transaction that makes the change: claims the key, runs `work`, and stores its
 * answer with the change. If another request with the same key got there first, this waits for
 * it (the primary key's lock), then returns its answer and does nothing. A key reused for
 * another kind of form is refused with `refused()`'s answer.
 */
export async function answerOnce<T>(tx: Tx, submission: Submission, work: () => Promise<T>, refused: () => T): Promise<T> {
  if (!submission.key) return work();
  const claimed = await tx.$executeRaw`
    INSERT INTO "IdempotentRequest" (owner, key, scope) VALUES (${submission.owner}, ${submission.key}, ${submission.scope})
    ON CONFLICT (owner, key) DO NOTHING`;
  if (claimed === 0) {
    const row = await tx.idempotentRequest.findUniqueOrThrow({
      where: { owner_key: { owner: submission.owner, key: submission.key } },
      select: { scope: true, result: true },
    });
    return row.scope === submission.scope && row.result !== null ? (row.result as T) : refused();
  }
  const answer = await work();
  await tx.idempotentRequest.update({ where: { owner_key: { owner: submission.owner, key: submission.key } }, data: { result: answer as object } });
  return answer;
}

/** Keys are kept long enough for any retry; the scheduler drops older ones. */
export const KEY_RETENTION_MS = 7 * 86_400_000;

export async function pruneIdempotencyKeys(now = new Date()): Promise<number> {
  const { count } = await db.idempotentRequest.deleteMany({ where: { createdAt: { lt: new Date(now.getTime() - KEY_RETENTION_MS) } } });
  return count;
}

/**
 * The same guarantee around a command that runs its own transactions (the form wrapper for
 * route dispatchers): the key is claimed before the work, so a doubled or retried post never
 * runs it twice. A repeat gets the first answer once there is one, and `inProgress()` while the
 * first is still running (or if its process died before answering: the person reloads to see
 * what happened). A refused or failed submission gives its key back, so the form can be
 * corrected and sent again.
 */
export async function submitOnce<T extends { ok: boolean }>(submission: Submission, run: () => Promise<T>, inProgress: () => T): Promise<T> {
  if (!submission.key) return run();
  const where = { owner_key: { owner: submission.owner, key: submission.key } };
  const claimed = await db.$executeRaw`
    INSERT INTO "IdempotentRequest" (owner, key, scope) VALUES (${submission.owner}, ${submission.key}, ${submission.scope})
    ON CONFLICT (owner, key) DO NOTHING`;
  if (claimed === 0) {
    const row = await db.idempotentRequest.findUnique({ where, select: { scope: true, result: true } });
    return row && row.scope === submission.scope && row.result !== null ? (row.result as T) : inProgress();
  }
  try {
    const answer = await run();
    if (answer.ok) await db.idempotentRequest.update({ where, data: { result: answer as object } });
    else await db.idempotentRequest.delete({ where });
    return answer;
  } catch (error) {
    await db.idempotentRequest.delete({ where }).catch(() => {});
    throw error;
  }
}

/** Reads a form's idempotency key (validated) into a submission, for route-level `submitOnce`. */
export function submissionFrom(
  formData: FormData,
  owner: string,
  scope: string,
): { ok: true; submission: Submission } | { ok: false; errors: { form: string[] } } {
  const key = IdempotencyKey.safeParse(formData.get(IDEMPOTENCY_FIELD) ?? undefined);
  if (!key.success) return { ok: false, errors: { form: key.error.issues.map((i) => i.message) } };
  return { ok: true, submission: { owner, key: key.data, scope } };
}

export const ALREADY_SENT = "This form has already been sent: reload the page to see it";

import { IdempotencyKey } from "#app/utils/idempotency";
import { ALREADY_SENT, submitOnce } from "#app/utils/idempotency.server";
import { fail, type CommandResult } from "#app/utils/results";

/**
 * A secretary's form that adds something (a meeting, a decision, an action, an update, a paper)
 * runs its command once per drawing of the form (ADR 018): the form's idempotency key is
 * claimed first, a doubled or retried post gets the first answer, and a refusal gives the key
 * back so the corrected form can be sent again. The commands run their own transactions, so
 * this wraps them rather than sharing one.
 */
export async function sendOnce<T extends object>(
  actor: { id: string },
  key: string | undefined,
  scope: string,
  command: () => Promise<CommandResult<T>>,
): Promise<CommandResult<T>> {
  const parsed = IdempotencyKey.safeParse(key);
  if (!parsed.success) return { ok: false, status: 400, errors: { form: parsed.error.issues.map((issue) => issue.message) } };
  return submitOnce<CommandResult<T>>({ owner: actor.id, key: parsed.data, scope }, command, () => fail(409, "form", ALREADY_SENT));
}

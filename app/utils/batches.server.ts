// Work of one kind that arrives while the same work is already in flight waits in this process
// and goes together as the next batch: one statement and one round trip for many callers (ADR
// 031 for registrations, ADR 037 for reads). Work that finds nothing in flight goes at once,
// alone, so a quiet server is as quick as without batching; a busy one sends fewer, larger
// statements instead of queueing many small ones for the database's connections and cores.
// A batcher may also gather (ADR 042): in a burst, wait a moment after each batch for more to
// arrive, as PostgreSQL's own commit_delay does, where each statement has a fixed cost.

/** One caller's work in a batch: `send` settles each caller's promise. */
export type Batched<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * A function that runs `send` for batches of work with the same key. `send` settles the callers
 * in the batch it is given; if it throws, everyone it had not settled gets the error, and anyone
 * it leaves unsettled gets an error rather than waiting for ever.
 * A batch holds at most `most` callers; a longer queue goes as several batches, one by one.
 * With `gatherMs`, a batch that others arrived for while it was in flight is followed by a wait
 * of up to that long (less if `most` are waiting by then) before their batch goes, so that more
 * join it. The first caller of a burst still goes at once.
 */
export function batcher<T, R>(most: number, send: (batch: Batched<T, R>[]) => Promise<void>, { gatherMs = 0 }: { gatherMs?: number } = {}) {
  /** Keys with a batch in flight: who has arrived for each since it left, and how to end a gathering wait early. */
  const queues = new Map<string, { waiting: Batched<T, R>[]; full: (() => void) | null }>();

  const gathered = (queue: { waiting: Batched<T, R>[]; full: (() => void) | null }) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, gatherMs);
      function done() {
        clearTimeout(timer);
        queue.full = null;
        resolve();
      }
      queue.full = done;
    });

  async function sendBatches(key: string, batch: Batched<T, R>[]) {
    const queue = queues.get(key)!;
    while (batch.length) {
      // Settled promises ignore a second answer: only those `send` left waiting get these.
      try {
        await send(batch);
        const unanswered = new Error("The batch's statement gave no answer for this caller");
        for (const { reject } of batch) reject(unanswered);
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
      if (gatherMs > 0 && queue.waiting.length > 0 && queue.waiting.length < most) await gathered(queue);
      batch = queue.waiting.splice(0, most);
    }
    queues.delete(key);
  }

  return function together(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const caller = { item, resolve, reject };
      const queue = queues.get(key);
      if (queue) {
        queue.waiting.push(caller);
        if (queue.waiting.length >= most) queue.full?.();
        return;
      }
      queues.set(key, { waiting: [], full: null });
      void sendBatches(key, [caller]);
    });
  };
}

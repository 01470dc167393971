// Work of one kind that arrives while the same work is already in flight waits in this process
// and goes together as the next batch: one statement and one round trip for many callers (ADR
// 031 for registrations, ADR 037 for reads). Work that finds nothing in flight goes at once,
// alone, so a quiet server is as quick as without batching; a busy one sends fewer, larger
// statements instead of queueing many small ones for the database's connections and cores.

/** One caller's work in a batch: `send` settles each caller's promise. */
export type Batched<T, R> = { item: T; resolve: (result: R) => void; reject: (error: unknown) => void };

/**
 * A function that runs `send` for batches of work with the same key. `send` settles the callers
 * in the batch it is given; if it throws, everyone it had not settled gets the error, and anyone
 * it leaves unsettled gets an error rather than waiting for ever.
 * A batch holds at most `most` callers; a longer queue goes as several batches, one by one.
 */
export function batcher<T, R>(most: number, send: (batch: Batched<T, R>[]) => Promise<void>) {
  /** Keys with a batch in flight, and who has arrived for each since it left. */
  const queues = new Map<string, Batched<T, R>[]>();

  async function sendBatches(key: string, batch: Batched<T, R>[]) {
    while (batch.length) {
      // Settled promises ignore a second answer: only those `send` left waiting get these.
      try {
        await send(batch);
        const unanswered = new Error("The batch's statement gave no answer for this caller");
        for (const { reject } of batch) reject(unanswered);
      } catch (error) {
        for (const { reject } of batch) reject(error);
      }
      batch = queues.get(key)!.splice(0, most);
    }
    queues.delete(key);
  }

  return function together(key: string, item: T): Promise<R> {
    return new Promise<R>((resolve, reject) => {
      const caller = { item, resolve, reject };
      const queue = queues.get(key);
      if (queue) return void queue.push(caller);
      queues.set(key, []);
      void sendBatches(key, [caller]);
    });
  };
}

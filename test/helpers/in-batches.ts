/**
 * Runs `work` over `items`, `size` at a time: a sweep of hundreds of requests to an in-process
 * server, which waits on the database for much of each one.
 */
export async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>) {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

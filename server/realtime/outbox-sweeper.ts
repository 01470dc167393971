import type { Publisher } from "#app/utils/realtime";
import { PENDING_BATCH } from "#app/utils/outbox.server";

/**
 * Publishes events whose transaction committed but whose process died before publishing them
 * (or failed to). Runs at start-up and then every interval, on every process: an event is
 * taken by exactly one of them and broadcast to all through the adapter (ADR 018).
 */
export function startOutboxSweeper(publisher: Publisher, intervalMs: number, log: { error(obj: object, msg: string): void }) {
  let running: Promise<void> | null = null;
  const sweep = () => {
    running ??= (async () => {
      try {
        while ((await publisher.release()).length >= PENDING_BATCH);
      } catch (error) {
        log.error({ err: error }, "publishing waiting realtime events failed");
      } finally {
        running = null;
      }
    })();
    return running;
  };
  const started = sweep();
  const timer = intervalMs > 0 ? setInterval(() => void sweep(), intervalMs) : null;
  timer?.unref();
  return {
    started,
    sweep,
    async stop() {
      if (timer) clearInterval(timer);
      await running;
    },
  };
}

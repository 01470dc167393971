import type { Logger } from "pino";
import { runProposalSchedule } from "~/features/consultations/manage-proposals.server";
import { runElectionMilestones } from "~/features/elections/elections.server";
import { remindActionOwners } from "~/features/governance/actions.server";
import { remindPaperDeadlines } from "~/features/governance/timeline.server";
import { runMeetingSchedule } from "~/features/meetings/registrations.server";
import { sendDigests } from "~/features/notifications/notifications.server";
import { pruneIdempotencyKeys } from "~/utils/idempotency.server";
import { processDataExports } from "~/features/privacy/export.server";
import { applyRetentionSchedule } from "~/features/privacy/retention.server";
import { pruneActionCounters } from "~/utils/flood-control.server";
import { deliverQueuedEmail, usesOutbox } from "~/utils/email.server";
import type { Publisher } from "~/utils/realtime";

/**
 * Timed work kept in the database (opening and closing times), checked at start-up and
 * then every interval: nothing is lost across restarts, and every process may run it.
 */
export function startScheduler(intervalMs: number, publisher: Publisher, log: Logger) {
  if (intervalMs <= 0) return { stop() {} };
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const changed = await runProposalSchedule(publisher);
      if (changed.length) log.info({ proposals: changed }, "proposals opened or closed on schedule");
      await remindPaperDeadlines();
      await remindActionOwners(publisher);
      await sendDigests();
      await runElectionMilestones(publisher);
      const meetings = await runMeetingSchedule(publisher);
      await pruneIdempotencyKeys();
      const removed = await applyRetentionSchedule(publisher);
      if (Object.keys(removed).length) log.info({ removed }, "retention schedule applied");
      const exports = await processDataExports();
      if (exports) log.info({ exports }, "copies of personal data built");
      await pruneActionCounters();
      if (!usesOutbox()) {
        const mail = await deliverQueuedEmail();
        if (mail.gaveUp) log.error(mail, "emails could not be delivered after every retry");
      }
      if (meetings.reminded) log.info(meetings, "meeting reminders sent");
    } catch (error) {
      log.error({ err: error }, "scheduled work failed");
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

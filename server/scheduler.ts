import type { Logger } from "pino";
import { runProposalSchedule } from "#app/features/consultations/manage-proposals.server";
import { runElectionMilestones } from "#app/features/elections/elections.server";
import { remindActionOwners } from "#app/features/governance/actions.server";
import { remindPaperDeadlines } from "#app/features/governance/timeline.server";
import { runMeetingSchedule } from "#app/features/meetings/registrations.server";
import { sendDigests } from "#app/features/notifications/notifications.server";
import { pruneIdempotencyKeys } from "#app/utils/idempotency.server";
import { processDataExports } from "#app/features/privacy/export.server";
import { applyRetentionSchedule } from "#app/features/privacy/retention.server";
import { pruneActionCounters } from "#app/utils/flood-control.server";
import { deliverQueuedEmail, usesOutbox } from "#app/utils/email.server";
import type { Publisher } from "#app/utils/realtime";

export type ScheduledJob = { name: string; run: (publisher: Publisher, log: Logger) => Promise<unknown> };

/**
 * Every timed job, in the order a tick runs them: the jobs that queue notifications and email
 * come before digests and delivery, so what they queue goes out in the same tick.
 */
export const SCHEDULED_JOBS: ScheduledJob[] = [
  {
    name: "proposal schedule",
    async run(publisher, log) {
      const changed = await runProposalSchedule(publisher);
      if (changed.length) log.info({ proposals: changed }, "proposals opened or closed on schedule");
    },
  },
  { name: "paper deadline reminders", run: () => remindPaperDeadlines() },
  { name: "action owner reminders", run: (publisher) => remindActionOwners(publisher) },
  { name: "notification digests", run: () => sendDigests() },
  { name: "election milestones", run: (publisher) => runElectionMilestones(publisher) },
  {
    name: "meeting schedule",
    async run(publisher, log) {
      const meetings = await runMeetingSchedule(publisher);
      if (meetings.reminded) log.info(meetings, "meeting reminders sent");
    },
  },
  { name: "idempotency key pruning", run: () => pruneIdempotencyKeys() },
  {
    name: "retention schedule",
    async run(publisher, log) {
      // A rule that fails is logged by the schedule itself, and the other rules still run.
      const removed = await applyRetentionSchedule(publisher, new Date(), log);
      if (Object.keys(removed).length) log.info({ removed }, "retention schedule applied");
    },
  },
  {
    name: "data exports",
    async run(_publisher, log) {
      const exports = await processDataExports();
      if (exports) log.info({ exports }, "copies of personal data built");
    },
  },
  { name: "flood control pruning", run: () => pruneActionCounters() },
  {
    name: "email delivery",
    async run(_publisher, log) {
      // Without SMTP_URL the /outbox folder is the delivery and nothing waits; with it, this retries what the mail server refused.
      if (usesOutbox()) return;
      const mail = await deliverQueuedEmail();
      if (mail.gaveUp) log.error(mail, "emails could not be delivered after every retry");
    },
  },
];

/**
 * Runs each job in turn, each in its own try/catch: one job that fails (a bad row, a lost
 * connection) is logged by name and the others still run, this tick and the next.
 */
export async function runScheduledJobs(jobs: ScheduledJob[], publisher: Publisher, log: Logger): Promise<{ failed: string[] }> {
  const failed: string[] = [];
  for (const job of jobs) {
    try {
      await job.run(publisher, log);
    } catch (error) {
      failed.push(job.name);
      log.error({ err: error, job: job.name }, `scheduled job "${job.name}" failed`);
    }
  }
  return { failed };
}

/**
 * Timed work kept in the database (opening and closing times), checked at start-up and
 * then every interval: nothing is lost across restarts, and every process may run it.
 */
export function startScheduler(intervalMs: number, publisher: Publisher, log: Logger, jobs: ScheduledJob[] = SCHEDULED_JOBS) {
  if (intervalMs <= 0) return { stop() {} };
  let running = false;
  const tick = async () => {
    // A slow tick is not overlapped by the next one.
    if (running) return;
    running = true;
    try {
      await runScheduledJobs(jobs, publisher, log);
    } finally {
      running = false;
    }
  };
  void tick();
  const timer = setInterval(tick, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

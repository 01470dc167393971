import pino, { type Logger } from "pino";
import { db } from "#app/utils/db.server";
import { describe, expect, it } from "vitest";
import { recordingPublisher } from "../test/helpers/consultations";
import { runScheduledJobs, SCHEDULED_JOBS, startScheduler, type ScheduledJob } from "./scheduler";

type LogLine = { level: number; msg: string; job?: string; err?: { message: string } };

/** A real pino logger whose lines the test can read. */
function capturingLog() {
  const lines: LogLine[] = [];
  const log = pino({ level: "info" }, { write: (line: string) => void lines.push(JSON.parse(line)) });
  return { log, lines, errors: () => lines.filter((line) => line.level >= 50) };
}

describe("the scheduler", () => {
  it("runs the jobs after one that throws, and logs the failure with the job's name", async () => {
    const ran: string[] = [];
    const jobs: ScheduledJob[] = [
      { name: "opening proposals", run: async () => void ran.push("opening proposals") },
      {
        name: "sending digests",
        run: async () => {
          throw new Error("connection lost");
        },
      },
      { name: "delivering email", run: async () => void ran.push("delivering email") },
    ];
    const { log, errors } = capturingLog();

    const result = await runScheduledJobs(jobs, recordingPublisher(), log);

    expect(ran).toEqual(["opening proposals", "delivering email"]);
    expect(result.failed).toEqual(["sending digests"]);
    expect(errors()).toEqual([
      expect.objectContaining({
        job: "sending digests",
        msg: 'scheduled job "sending digests" failed',
        err: expect.objectContaining({ message: "connection lost" }),
      }),
    ]);
  });

  it("keeps ticking when a job fails on every tick", async () => {
    let healthyRuns = 0;
    const jobs: ScheduledJob[] = [
      { name: "always broken", run: () => Promise.reject(new Error("still broken")) },
      { name: "healthy", run: async () => void healthyRuns++ },
    ];
    const { log, errors } = capturingLog();
    const scheduler = startScheduler(20, recordingPublisher(), log, jobs);
    try {
      await expect.poll(() => healthyRuns, { timeout: 5_000 }).toBeGreaterThanOrEqual(3);
    } finally {
      scheduler.stop();
    }
    expect(errors().length).toBeGreaterThanOrEqual(3);
    expect(new Set(errors().map((line) => line.job))).toEqual(new Set(["always broken"]));
  });

  it("runs every real job against the database without a failure", async () => {
    const { log, errors } = capturingLog();
    const result = await runScheduledJobs(SCHEDULED_JOBS, recordingPublisher(), log);
    expect(result.failed).toEqual([]);
    expect(errors()).toEqual([]);
    expect(new Set(SCHEDULED_JOBS.map((job) => job.name)).size).toBe(SCHEDULED_JOBS.length);
  });
});

describe("the scheduler and the retention schedule", () => {
  it("applies the schedule and logs what each rule removed", async () => {
    await db.realtimeEvent.create({ data: { room: "test:scheduler", name: "x", payload: {}, createdAt: new Date(Date.now() - 9 * 86_400_000) } });
    const logged: { data: unknown; message: string }[] = [];
    const log = {
      info: (data: unknown, message: string) => logged.push({ data, message }),
      error: (data: unknown, message: string) => logged.push({ data, message }),
    } as unknown as Logger;
    const scheduler = startScheduler(60_000, recordingPublisher(), log);
    try {
      await expect.poll(() => logged.find((l) => l.message === "retention schedule applied"), { timeout: 15_000 }).toBeDefined();
    } finally {
      scheduler.stop();
    }
    const entry = logged.find((l) => l.message === "retention schedule applied")!;
    expect((entry.data as { removed: Record<string, number> }).removed.realtimeEvents).toBeGreaterThanOrEqual(1);
    expect(await db.realtimeEvent.count({ where: { room: "test:scheduler" } })).toBe(0);
  });
});

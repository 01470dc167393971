import { db } from "#app/utils/db.server";
import { periodsFrom, type RetentionPeriods } from "./retention";

/** The periods in force: the schedule's defaults with any an administrator changed. */
export async function getRetentionPeriods(): Promise<RetentionPeriods> {
  return periodsFrom(await db.retentionSetting.findMany({ select: { rule: true, days: true } }));
}

import { z } from "zod";

// A moment on a form (voting closes, the discussion opens) is two fields side by side, a date
// and a time, named <moment>Date and <moment>Time. Each mistake is shown at the field that is
// wrong, so a time's mistake is never put on the date beside it.

/**
 * A date as a date input sends it (YYYY-MM-DD) that is on the calendar: 2027-02-30 is refused,
 * where `new Date()` would quietly read it as 2 March (zod's ISO date, leap years included).
 */
export const DATE = z.regexes.date;
/** A time as a time input sends it (HH:MM, 24-hour). */
export const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The date of a moment, refused as "Enter the date voting closes (YYYY-MM-DD)" (what: "voting closes"). */
export const dateField = (what: string) => z.string({ error: `Enter the date ${what} (YYYY-MM-DD)` }).regex(DATE, `Enter the date ${what} (YYYY-MM-DD)`);
/** The time of a moment, refused with a message that names the moment, so an error summary link makes sense alone. */
export const timeField = (what: string) => z.string({ error: `Enter the time ${what} (HH:MM)` }).regex(TIME, `Enter the time ${what} (HH:MM)`);

export type DateAndTime = { date: string; time: string };

/** Whether both halves of a moment can be read (one that cannot has an error of its own). */
export const readable = (moment: DateAndTime) => DATE.test(moment.date) && TIME.test(moment.time);

/**
 * The field to blame when a moment is not after the one it must follow: on the same day it is
 * the time that is too early, on an earlier day the date.
 */
export const fieldOutOfOrder = (name: string, moment: DateAndTime, earlierDate: string) => (moment.date === earlierDate ? `${name}Time` : `${name}Date`);

/**
 * Refuses `later` unless it comes after `earlier`, at the field that is wrong. Moments already
 * refused for their own mistakes are not compared.
 */
export function requireAfter(ctx: z.RefinementCtx, earlier: DateAndTime, later: DateAndTime & { name: string }, message: string) {
  if (!readable(earlier) || !readable(later) || `${later.date}T${later.time}` > `${earlier.date}T${earlier.time}`) return;
  ctx.addIssue({ code: "custom", path: [fieldOutOfOrder(later.name, later, earlier.date)], message });
}

import { describe, expect, it } from "vitest";
import { addDays, formatDate, formatDateTime, formatTime, londonTime, londonToday } from "./dates";

describe("UK dates and times", () => {
  it("formats in UK time across the clock change, in the NHS.UK style", () => {
    expect(formatDateTime("2026-06-09T13:00:00Z")).toBe("Tuesday 9 June 2026, 2pm"); // BST
    expect(formatDateTime("2026-12-02T14:30:00Z")).toBe("Wednesday 2 December 2026, 2:30pm"); // GMT
    expect(formatTime("2026-01-01T00:00:00Z")).toBe("12am");
    expect(formatTime("2026-01-01T12:05:00Z")).toBe("12:05pm");
    expect(formatDate("2026-03-28T23:30:00Z")).toBe("Saturday 28 March 2026");
    // The clocks went forward that morning: 23:30 UTC is already 00:30 the next day in the UK.
    expect(formatDate("2026-03-29T23:30:00Z")).toBe("Monday 30 March 2026");
  });

  it("gives the same answers when asked again, to the second either side of the clock change", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatTime("2026-03-29T00:59:59Z")).toBe("12:59am"); // GMT, the last minute before
      expect(formatTime("2026-03-29T01:00:00Z")).toBe("2am"); // BST from here
      expect(formatTime("2026-10-25T00:59:59.999Z")).toBe("1:59am"); // BST, the last minute before
      expect(formatTime("2026-10-25T01:00:00Z")).toBe("1am"); // GMT again
    }
  });

  it("turns a UK wall-clock time into the right instant, summer and winter", () => {
    expect(londonTime("2026-06-09", "14:00").toISOString()).toBe("2026-06-09T13:00:00.000Z");
    expect(londonTime("2026-12-02", "14:00").toISOString()).toBe("2026-12-02T14:00:00.000Z");
    expect(londonToday(new Date("2026-06-09T23:30:00Z"))).toBe("2026-06-10");
    expect(addDays("2026-02-27", 2)).toBe("2026-03-01");
  });

  it("uses only plain spaces, so server and browser render the same text", () => {
    for (const instant of ["2026-06-09T13:00:00Z", "2026-11-22T09:05:00Z"]) {
      expect(formatDateTime(instant)).toMatch(/^[A-Za-z0-9 ,:]+$/);
    }
  });
});

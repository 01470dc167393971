import { describe, expect, it } from "vitest";
import { fieldErrors } from "../../../test/helpers/forms";
import { ProposalFormSchema } from "./manage.schema";

// The proposal editor as a commissioner fills it in on /manage/proposals/new.
const filledIn = {
  intent: "save",
  title: "A crisis café in the town centre",
  summary: "How we will run the crisis café.",
  audience: "PUBLIC",
  reportThreshold: "3",
  opensDate: "2027-03-01",
  opensTime: "09:00",
  closesDate: "2027-03-29",
  closesTime: "17:00",
  number: "1",
  heading: "Why",
  body: "Because people asked.",
  idempotencyKey: "0b0e8f4c-5f43-4a4f-9d8c-0f6f1d5a6f10",
};

/** The messages by field for the form with these changes (undefined leaves a field out). */
const errorsFor = (changes: Record<string, string | undefined>) => fieldErrors(ProposalFormSchema, { ...filledIn, ...changes });

describe("drafting a proposal: each mistake in the discussion period is shown at the field that is wrong", () => {
  it("accepts a discussion period in order", () => {
    expect(errorsFor({})).toEqual({});
  });

  it.each([
    ["left empty", ""],
    ["not a time", "25:00"],
    ["written another way", "5pm"],
  ])("a time %s is refused at the time field, naming the moment", (_, time) => {
    expect(errorsFor({ closesTime: time })).toEqual({ closesTime: ["Enter the time the discussion closes (HH:MM)"] });
    expect(errorsFor({ opensTime: time })).toEqual({ opensTime: ["Enter the time the discussion opens (HH:MM)"] });
  });

  it("a date mistake is refused at the date field", () => {
    expect(errorsFor({ closesDate: "29/03/2027" })).toEqual({ closesDate: ["Enter the date the discussion closes (YYYY-MM-DD)"] });
  });

  it("a date that is not on the calendar is refused at its field, not read as the next month's", () => {
    // new Date("2027-02-30") is 2 March: the discussion would open on a day nobody chose.
    expect(errorsFor({ opensDate: "2027-02-30" })).toEqual({ opensDate: ["Enter the date the discussion opens (YYYY-MM-DD)"] });
    expect(errorsFor({ closesDate: "2027-04-31" })).toEqual({ closesDate: ["Enter the date the discussion closes (YYYY-MM-DD)"] });
    expect(errorsFor({ opensDate: "2028-02-29", closesDate: "2028-03-29" })).toEqual({});
  });

  it("closing before opening on the same day is refused at the closing time, on an earlier day at the closing date", () => {
    expect(errorsFor({ closesDate: "2027-03-01", closesTime: "08:30" })).toEqual({ closesTime: ["The discussion must close after it opens"] });
    expect(errorsFor({ closesDate: "2027-03-01", closesTime: "09:00" })).toEqual({ closesTime: ["The discussion must close after it opens"] });
    expect(errorsFor({ closesDate: "2027-02-28" })).toEqual({ closesDate: ["The discussion must close after it opens"] });
    expect(errorsFor({ closesDate: "2027-02-28", closesTime: "23:59", opensTime: "00:00" })).toEqual({
      closesDate: ["The discussion must close after it opens"],
    });
  });

  it("a time left out is taken as the usual time, and compared as that", () => {
    expect(errorsFor({ closesDate: "2027-03-01", closesTime: undefined })).toEqual({});
    expect(errorsFor({ closesDate: "2027-03-01", opensTime: undefined, closesTime: "08:00" })).toEqual({
      closesTime: ["The discussion must close after it opens"],
    });
  });
});

import { describe, expect, it } from "vitest";
import { electionForm } from "../../../test/helpers/elections";
import { fieldErrors, readForm } from "../../../test/helpers/forms";
import { CreateElectionFormSchema, VoidElectionSchema } from "./elections.schema";

// The form as an officer fills it in on /elections/new.
const filledIn = electionForm("seat-1");

/** The messages by field for the form with these changes (undefined leaves a field out). */
const errorsFor = (changes: Record<string, string | undefined>) => fieldErrors(CreateElectionFormSchema, { ...filledIn, ...changes });

describe("calling an election: each mistake in the timetable is shown at the field that is wrong", () => {
  it("reads a timetable in order as four moments, each a date and a time", () => {
    const read = readForm(CreateElectionFormSchema, filledIn);
    expect(read.success && read.data).toMatchObject({
      nominationsOpen: { date: "2027-01-04", time: "09:00" },
      nominationsClose: { date: "2027-01-18", time: "17:00" },
      votingOpen: { date: "2027-01-20", time: "09:00" },
      votingClose: { date: "2027-02-03", time: "17:00" },
    });
  });

  it.each([
    ["missing", undefined],
    ["left empty", ""],
    ["not a time", "25:00"],
    ["written another way", "5pm"],
  ])("a time %s is refused at the time field, not at the date beside it", (_, time) => {
    expect(errorsFor({ votingCloseTime: time })).toEqual({ votingCloseTime: ["Enter the time voting closes (HH:MM)"] });
  });

  it("a date mistake is refused at the date field", () => {
    expect(errorsFor({ nominationsOpenDate: "04/01/2027" })).toEqual({ nominationsOpenDate: ["Enter the date nominations open (YYYY-MM-DD)"] });
  });

  it("a moment earlier than the one before it on the same day is refused at its time, on an earlier day at its date", () => {
    expect(errorsFor({ votingCloseDate: "2027-01-20", votingCloseTime: "08:30" })).toEqual({ votingCloseTime: ["Voting must close after it opens"] });
    expect(errorsFor({ votingCloseDate: "2027-01-20", votingCloseTime: "09:00" })).toEqual({ votingCloseTime: ["Voting must close after it opens"] });
    expect(errorsFor({ votingCloseDate: "2027-01-19" })).toEqual({ votingCloseDate: ["Voting must close after it opens"] });
    expect(errorsFor({ nominationsCloseDate: "2027-01-04", nominationsCloseTime: "08:00" })).toEqual({
      nominationsCloseTime: ["Nominations must close after they open"],
    });
    expect(errorsFor({ votingOpenDate: "2027-01-10" })).toEqual({ votingOpenDate: ["Voting must open after nominations close"] });
  });

  it("a moment with a mistake of its own is not also said to be out of order", () => {
    expect(errorsFor({ votingOpenDate: "", votingOpenTime: "" })).toEqual({
      votingOpenDate: ["Enter the date voting opens (YYYY-MM-DD)"],
      votingOpenTime: ["Enter the time voting opens (HH:MM)"],
    });
  });
});

describe("re-running a poll: the closing moment's mistakes are shown at the field that is wrong", () => {
  const rerun = {
    intent: "void",
    confirm: "yes",
    votingCloseDate: "2027-02-03",
    votingCloseTime: "17:00",
    countPassphrase: "a new passphrase",
    countPassphraseConfirm: "a new passphrase",
  };
  const errorsFor = (changes: Record<string, string | undefined>) => fieldErrors(VoidElectionSchema, { ...rerun, ...changes });

  it.each([
    ["missing", undefined],
    ["not a time", "5pm"],
  ])("a time %s is refused at the time field, naming the moment", (_, time) => {
    expect(errorsFor({ votingCloseTime: time })).toEqual({ votingCloseTime: ["Enter the time the re-run poll closes (HH:MM)"] });
  });
});

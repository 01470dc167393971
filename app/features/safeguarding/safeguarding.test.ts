import { describe, expect, it } from "vitest";
import { crisisSupport, findCrisisSignals } from "./safeguarding";

describe("crisis signals", () => {
  it.each([
    ["Honestly I want to die most days", ["want to die"]],
    ["I can't go on like this", ["cant go on"]],
    ["Some days I think about SELF-HARM again", ["self harm", "self-harm"]],
    ["They'd be better off without me", ["better off without me"]],
  ])("finds them in %j", (text, expected) => {
    expect(findCrisisSignals(text).sort()).toEqual(expected.sort());
  });

  it.each([
    "The suicide-prevention strategy needs funding", // still worth a moderator's glance
  ])("errs on the side of caution: %j", (text) => {
    expect(findCrisisSignals(text)).not.toEqual([]);
  });

  it.each(["I support section 3a", "This will kill off the day centre", "Harmony between services", "overdue reports"])(
    "leaves ordinary comments alone: %j",
    (text) => {
      expect(findCrisisSignals(text)).toEqual([]);
    },
  );

  it("offers NHS 111 option 2, Samaritans 116 123, and the local line when set", () => {
    const contacts = crisisSupport("Salford crisis line: 0800 000 0000");
    expect(contacts.map((c) => c.detail).join(" ")).toMatch(/111.*option 2/);
    expect(contacts.map((c) => c.detail).join(" ")).toContain("116 123");
    expect(contacts.some((c) => c.detail.includes("0800 000 0000"))).toBe(true);
    expect(crisisSupport(undefined).some((c) => c.name === "Local crisis line")).toBe(false);
  });
});

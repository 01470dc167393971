import { describe, expect, it } from "vitest";
import { suggestKeyPhrases } from "./key-phrases";

// Feedback as people write it: the same concerns in different words and word forms.
const COMMENTS = [
  { id: "c01", text: "The crisis line is never answered at night. Waiting times are far too long." },
  { id: "c02", text: "Waiting time for the crisis line at weekends was over an hour for my son." },
  { id: "c03", text: "I rang the crisis line three times; nobody answered." },
  { id: "c04", text: "Carers are not told anything. Carers need information about discharge." },
  { id: "c05", text: "As a carer I was given no information when my wife was discharged." },
  { id: "c06", text: "Information for carers should be on the website and in print." },
  { id: "c07", text: "Please keep the Board meetings public." },
  { id: "c08", text: "The long waiting time for an assessment made things worse." },
  { id: "c09", text: "Transport to the hospital is hard without a car." },
  { id: "c10", text: "Service users should chair the Board; peer support workers help most." },
  { id: "c11", text: "More peer support, please. Peer support got me through." },
];

describe("suggested themes", () => {
  const phrases = suggestKeyPhrases(COMMENTS, { minComments: 2 });
  const byPhrase = new Map(phrases.map((p) => [p.phrase, p.commentIds]));

  it("finds the recurring phrases, with the comments each comes from", () => {
    expect(byPhrase.get("crisis line")).toEqual(["c01", "c02", "c03"]);
    expect(byPhrase.get("waiting time")).toEqual(["c01", "c02", "c08"]);
    expect(byPhrase.get("peer support")).toEqual(["c10", "c11"]);
  });

  it("groups word forms under one phrase (carers, carer; information)", () => {
    const carer = phrases.find((p) => p.phrase === "carers");
    expect(carer?.commentIds).toEqual(["c04", "c05", "c06"]);
    expect(byPhrase.get("information")).toEqual(["c04", "c05", "c06"]);
  });

  it("does not suggest one-off phrases or stopwords", () => {
    expect(byPhrase.has("transport")).toBe(false);
    expect(byPhrase.has("the")).toBe(false);
    expect(phrases.every((p) => p.commentIds.length >= 2)).toBe(true);
  });

  it("drops a word already covered by a longer phrase from the same comments", () => {
    // "crisis" and "line" alone come from exactly the comments of "crisis line".
    expect(byPhrase.has("crisis")).toBe(false);
    expect(byPhrase.has("line")).toBe(false);
  });

  it("is deterministic, whatever the order of the comments", () => {
    expect(suggestKeyPhrases([...COMMENTS].reverse(), { minComments: 2 })).toEqual(phrases);
  });

  it("suggests nothing from no comments", () => {
    expect(suggestKeyPhrases([])).toEqual([]);
  });
});

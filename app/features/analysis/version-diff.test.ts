import { describe, expect, it } from "vitest";
import { diffVersions } from "./version-diff";

const v1 = [
  { id: "a1", number: "1", heading: "Purpose", body: "The Board meets monthly in public." },
  { id: "a2", number: "2", heading: "Membership", body: "Three Forum seats." },
  { id: "a3", number: "3", heading: "Review", body: "Reviewed every year." },
];
const v2 = [
  { id: "b1", number: "1", heading: "Purpose", body: "The Board meets monthly in public." },
  { id: "b2", number: "2", heading: "Members", body: "Four Forum seats and one carer seat." },
  { id: "b4", number: "4", heading: "Transport", body: "Travel costs are paid." },
];

describe("comparing two versions section by section", () => {
  const diff = diffVersions(v1, v2);
  const of = (number: string) => diff.find((d) => d.number === number)!;

  it("marks each section as unchanged, changed, added or removed", () => {
    expect(diff.map((d) => [d.number, d.change])).toEqual([
      ["1", "unchanged"],
      ["2", "changed"],
      ["4", "added"],
      ["3", "removed"],
    ]);
  });

  it("shows which words were removed and added in a changed section", () => {
    const changed = of("2");
    expect(changed.pieces.filter((p) => p.kind === "removed").map((p) => p.text.trim())).toEqual(["Three"]);
    expect(
      changed.pieces
        .filter((p) => p.kind === "added")
        .map((p) => p.text.trim())
        .join(" "),
    ).toContain("Four");
    expect(
      changed.pieces
        .filter((p) => p.kind === "added")
        .map((p) => p.text)
        .join(""),
    ).toContain("and one carer seat");
    // Reading only the kept and added words gives the new text; kept and removed, the old.
    expect(
      changed.pieces
        .filter((p) => p.kind !== "removed")
        .map((p) => p.text)
        .join(""),
    ).toBe(v2[1].body);
    expect(
      changed.pieces
        .filter((p) => p.kind !== "added")
        .map((p) => p.text)
        .join(""),
    ).toBe(v1[1].body);
    expect(changed.headingBefore).toBe("Membership");
  });

  it("links each section of the later version by id, and a removed one to nothing", () => {
    expect(of("4").toSectionId).toBe("b4");
    expect(of("3").toSectionId).toBeNull();
  });
});

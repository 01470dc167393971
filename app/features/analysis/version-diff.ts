import { diffWordsWithSpace } from "diff";

// A section-by-section comparison of two versions of a proposal. Sections are matched by
// their number; the words of a changed section are marked as kept, added or removed.

export type Section = { id: string; number: string; heading: string; body: string };
export type Piece = { kind: "same" | "added" | "removed"; text: string };
export type SectionDiff = {
  number: string;
  heading: string;
  change: "unchanged" | "changed" | "added" | "removed";
  headingBefore?: string;
  pieces: Piece[];
  // The section in the later version (for the themes it cites); null when removed.
  toSectionId: string | null;
};

const pieces = (before: string, after: string): Piece[] =>
  diffWordsWithSpace(before, after).map((part) => ({ kind: part.added ? "added" : part.removed ? "removed" : "same", text: part.value }));

export function diffVersions(from: readonly Section[], to: readonly Section[]): SectionDiff[] {
  const earlier = new Map(from.map((s) => [s.number, s]));
  const result: SectionDiff[] = to.map((section) => {
    const before = earlier.get(section.number);
    if (!before)
      return { number: section.number, heading: section.heading, change: "added", pieces: [{ kind: "added", text: section.body }], toSectionId: section.id };
    const same = before.body === section.body && before.heading === section.heading;
    return {
      number: section.number,
      heading: section.heading,
      change: same ? "unchanged" : "changed",
      ...(before.heading !== section.heading ? { headingBefore: before.heading } : {}),
      pieces: same ? [{ kind: "same", text: section.body }] : pieces(before.body, section.body),
      toSectionId: section.id,
    };
  });
  const later = new Set(to.map((s) => s.number));
  for (const section of from) {
    if (!later.has(section.number))
      result.push({
        number: section.number,
        heading: section.heading,
        change: "removed",
        pieces: [{ kind: "removed", text: section.body }],
        toSectionId: null,
      });
  }
  return result;
}

/** The sections each revised version changed or added, against the version before it. */
export function changedSections(versions: readonly { number: number; sections: readonly Section[] }[]) {
  const sorted = [...versions].sort((a, b) => a.number - b.number);
  return sorted.slice(1).flatMap((version, i) =>
    diffVersions(sorted[i].sections, version.sections)
      .filter((d) => d.change === "changed" || d.change === "added")
      .map((d) => ({ id: d.toSectionId!, version: version.number, number: d.number, heading: d.heading })),
  );
}

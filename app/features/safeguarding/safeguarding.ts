import { CRISIS_PHRASES } from "./crisis-phrases";

// Shared by every place people write (comments, Forum rooms): one mechanism.

function normalise(text: string): string {
  return ` ${text
    .toLowerCase()
    .replace(/[’'`]/g, "")
    .replace(/-/g, " ")
    .replace(/[^a-z0-9]+/g, " ")
    .trim()} `;
}

const NORMALISED = CRISIS_PHRASES.map((phrase) => ({ phrase, pattern: normalise(phrase) }));

/** The crisis phrases found in a text (whole words only), or an empty list. */
export function findCrisisSignals(text: string): string[] {
  const haystack = normalise(text);
  return [...new Set(NORMALISED.filter(({ pattern }) => haystack.includes(pattern)).map(({ phrase }) => phrase))];
}

export type SupportContact = { name: string; detail: string };

/** Where to find help now: shown privately to an author whose words suggest crisis. */
export function crisisSupport(localCrisisLine: string | undefined): SupportContact[] {
  return [
    { name: "NHS 111", detail: "Call 111 and choose option 2 for mental health support, 24 hours a day." },
    { name: "Samaritans", detail: "Call free on 116 123, any time, day or night." },
    ...(localCrisisLine ? [{ name: "Local crisis line", detail: localCrisisLine }] : []),
    { name: "In an emergency", detail: "If you are in danger now, call 999 or go to A&E." },
  ];
}

import { stemmer } from "stemmer";
import { eng } from "stopword";

// Suggested themes: phrases (one to three words) that recur across comments, found by
// stemming and TF-IDF over n-grams. Pure and deterministic, so it can be tested on a
// fixed set of comments and run on thousands of them in well under a second.

export type KeyPhrase = { phrase: string; score: number; commentIds: string[] };

// Words that carry no theme in consultation feedback, on top of the general English list.
const EXTRA_STOPWORDS = ["will", "just", "think", "feel", "need", "needs", "really", "lot", "one", "two", "three", "etc", "yes", "no", "not", "dont", "don't", "i'm", "it's", "its", "isn't", "we're", "they're", "s", "t"];
const STOPWORDS = new Set([...eng, ...EXTRA_STOPWORDS]);
const MAX_WORDS = 3;

type Gram = { key: string; surface: string };

/** Runs of words between punctuation and stopwords, each word with its stem. */
function runs(text: string): { word: string; stem: string }[][] {
  const result: { word: string; stem: string }[][] = [];
  // Clauses end at punctuation; a phrase never spans them.
  for (const clause of text.toLowerCase().split(/[.,;:!?()[\]"“”\n]+/)) {
    let run: { word: string; stem: string }[] = [];
    for (const raw of clause.split(/[^a-z0-9'’-]+/)) {
      const word = raw.replace(/^['’-]+|['’-]+$/g, "").replace(/’/g, "'");
      if (!word || STOPWORDS.has(word) || /^\d+$/.test(word) || word.length < 3) {
        if (run.length) result.push(run);
        run = [];
        continue;
      }
      run.push({ word, stem: stemmer(word) });
    }
    if (run.length) result.push(run);
  }
  return result;
}

function grams(text: string): Gram[] {
  const out: Gram[] = [];
  for (const run of runs(text)) {
    for (let start = 0; start < run.length; start++) {
      for (let length = 1; length <= MAX_WORDS && start + length <= run.length; length++) {
        const words = run.slice(start, start + length);
        out.push({ key: words.map((w) => w.stem).join(" "), surface: words.map((w) => w.word).join(" ") });
      }
    }
  }
  return out;
}

/**
 * The phrases that best characterise recurring feedback. A phrase must appear in at least
 * `minComments` comments. Its score sums TF-IDF over the comments that use it, weighted
 * towards longer phrases (which name a theme more precisely). A shorter phrase is dropped
 * when a longer one containing it comes from nearly the same comments.
 */
export function suggestKeyPhrases(
  comments: readonly { id: string; text: string }[],
  options: { limit?: number; minComments?: number } = {},
): KeyPhrase[] {
  const limit = options.limit ?? 12;
  const minComments = options.minComments ?? Math.max(2, Math.ceil(comments.length * 0.005));
  const total = comments.length;
  if (total === 0) return [];

  const stats = new Map<string, { docs: string[]; tf: number; surfaces: Map<string, number> }>();
  for (const comment of comments) {
    const counts = new Map<string, number>();
    for (const gram of grams(comment.text)) {
      counts.set(gram.key, (counts.get(gram.key) ?? 0) + 1);
      let entry = stats.get(gram.key);
      if (!entry) stats.set(gram.key, (entry = { docs: [], tf: 0, surfaces: new Map() }));
      entry.surfaces.set(gram.surface, (entry.surfaces.get(gram.surface) ?? 0) + 1);
    }
    for (const [key, count] of counts) {
      const entry = stats.get(key)!;
      entry.docs.push(comment.id);
      // Sub-linear term frequency: repeating a word in one comment is not a theme.
      entry.tf += 1 + Math.log(count);
    }
  }

  const candidates: (KeyPhrase & { key: string; words: number })[] = [];
  for (const [key, entry] of stats) {
    const df = entry.docs.length;
    // In a large set, a phrase in most comments names the proposal, not a theme.
    if (df < minComments || (total >= 20 && df > total * 0.6)) continue;
    const words = key.split(" ").length;
    const idf = Math.log((1 + total) / (1 + df)) + 1;
    const score = entry.tf * idf * (1 + 0.5 * (words - 1));
    candidates.push({ key, words, phrase: mostCommon(entry.surfaces), score: round(score), commentIds: [...entry.docs].sort() });
  }
  candidates.sort((a, b) => b.score - a.score || a.phrase.localeCompare(b.phrase));

  const chosen: typeof candidates = [];
  for (const candidate of candidates) {
    if (chosen.length >= limit) break;
    const covered = chosen.some((other) => overlapsAsPhrase(other, candidate) && sameComments(other.commentIds, candidate.commentIds));
    if (!covered) chosen.push(candidate);
  }
  return chosen.map(({ phrase, score, commentIds }) => ({ phrase, score, commentIds }));
}

function mostCommon(surfaces: Map<string, number>): string {
  return [...surfaces].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0][0];
}

const round = (n: number) => Math.round(n * 1000) / 1000;

/** One phrase's stems lie inside the other's ("crisi line" within "crisi line staff"). */
function overlapsAsPhrase(a: { key: string }, b: { key: string }): boolean {
  return ` ${a.key} `.includes(` ${b.key} `) || ` ${b.key} `.includes(` ${a.key} `);
}

/** The two comment sets are at least 80% the same (Jaccard). */
function sameComments(a: string[], b: string[]): boolean {
  const set = new Set(a);
  const shared = b.filter((id) => set.has(id)).length;
  return shared / (a.length + b.length - shared) >= 0.8;
}

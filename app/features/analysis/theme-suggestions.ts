import winkNLP from "wink-nlp";
import model from "wink-eng-lite-web-model";

// Suggested themes, offline and explainable (ADR 021): comments are grouped by spherical
// k-means over TF-IDF vectors of their lemmas and noun phrases, then each group is named by
// its most distinctive noun phrase (class-based TF-IDF), in the words people wrote. Pure and
// deterministic: the same comments give the same suggestions, in any order.

export type ResponseText = { id: string; text: string; agrees?: number; section?: string | null };

export type PhraseChoice = { label: string; commentIds: string[] };

export type ThemeSuggestion = {
  /** Stable for the same input: the label's lemmas. Accepting a suggestion names it by key. */
  key: string;
  label: string;
  /** Other phrases that describe the group, each with the comments of the group that use it. */
  alternatives: PhraseChoice[];
  description: string;
  commentIds: string[];
  /** The share of all agrees (on these comments) that these comments received, 0 to 1. */
  agreeShare: number;
  quotes: { id: string; text: string }[];
  sections: { section: string; count: number }[];
};

export type Suggestions = { total: number; themes: ThemeSuggestion[]; ungrouped: string[] };

export type SuggestOptions = {
  /** Words that name the consultation itself (its title): never a theme's label. */
  exclude?: string[];
  maxThemes?: number;
};

const nlp = winkNLP(model);
const its = nlp.its;

// Words that name no topic in consultation feedback: discourse, opinion and filler words.
const FILLER = new Set(
  `people person persons thing things way ways lot lots kind kinds sort bit something anything everything nothing
  someone anyone everyone everybody somebody nobody idea ideas point points issue issues problem problems matter
  fact case example examples reason reasons part parts number numbers time times day days year years
  question questions answer comment comments view views opinion opinions thought thoughts feeling feelings
  need needs want wants lack use area areas place places level levels amount amounts side aspect aspects
  change changes option options work system support help please thank thanks proposal proposals plan plans
  good great bad better best worse worst many much more most less least other others same different new old
  minute minutes hour hours week weeks month months
  important main real whole current present certain particular possible able sure clear right wrong big small
  high low long short first last next several various own such few lot whole general overall local`
    .split(/\s+/)
    .filter(Boolean),
);
const STOP = new Set(
  `the a an and or but if then so of to in on at by for with from as is are was were be been being have has had do does did
  not no yes this that these those it its they them their there here we our you your i me my he she his her who whom which what
  when where why how all any both each can could should would will shall may might must very just also only too than into onto
  about over under again further once up down out off above below between through during before after while because until
  get got getting make made makes go going goes come comes say says said know think feel believe seem seems see look`
    .split(/\s+/)
    .filter(Boolean),
);

type Token = { lemma: string; surface: string; pos: string; sentenceStart: boolean };
type Analysed = { id: string; text: string; agrees: number; section: string | null; terms: string[]; phrases: Map<string, string> };

/** Noun phrases: modifiers (adjectives, nouns, -ing words) ending in a noun, up to four words. */
function nounPhrases(tokens: Token[]): Map<string, string> {
  const phrases = new Map<string, string>();
  const isHead = (t: Token) => t.pos === "NOUN" || t.pos === "PROPN";
  const isModifier = (t: Token) => isHead(t) || t.pos === "ADJ" || (t.pos === "VERB" && t.surface.toLowerCase().endsWith("ing"));
  let start = 0;
  for (let i = 0; i <= tokens.length; i++) {
    if (i < tokens.length && isModifier(tokens[i]) && /^[\p{L}][\p{L}'’-]*$/u.test(tokens[i].surface)) continue;
    // tokens[start, i) is a run of modifiers; every sub-run that ends in a noun is a phrase.
    for (let end = start + 1; end <= i; end++) {
      if (!isHead(tokens[end - 1])) continue;
      for (let from = Math.max(start, end - 4); from < end; from++) {
        const words = tokens.slice(from, end);
        if (STOP.has(words[0].lemma) || words.some((w) => w.lemma.length < 2)) continue;
        const key = words.map((w) => w.lemma).join(" ");
        // A name keeps its capitals; any other word, or a word capitalised only because it
        // starts a sentence, is shown in lower case.
        if (!phrases.has(key)) phrases.set(key, words.map((w) => (w.pos === "PROPN" && !w.sentenceStart ? w.surface : w.surface.toLowerCase())).join(" "));
      }
    }
    start = i + 1;
  }
  return phrases;
}

function analyse(response: ResponseText): Analysed {
  const doc = nlp.readDoc(response.text);
  const tokens: Token[] = [];
  const surfaces = doc.tokens().out() as string[];
  const pos = doc.tokens().out(its.pos) as string[];
  // wink-nlp's types omit the lemma helper's signature; it returns one string per token.
  const lemmas = doc.tokens().out(its.lemma as Parameters<ReturnType<typeof doc.tokens>["out"]>[0]) as string[];
  for (let i = 0; i < surfaces.length; i++) {
    // The tagger leaves names unlemmatised; a capitalised "Carers" is still the theme "carer".
    const lemma = pos[i] === "PROPN" ? lemmas[i].toLowerCase().replace(/([^s])s$/, "$1") : lemmas[i].toLowerCase();
    tokens.push({ surface: surfaces[i], pos: pos[i], lemma, sentenceStart: i === 0 || /^[.!?]+$/.test(surfaces[i - 1]) });
  }
  const terms: string[] = [];
  for (const t of tokens) {
    if ((t.pos === "NOUN" || t.pos === "PROPN" || t.pos === "ADJ" || t.pos === "VERB") && t.lemma.length > 2 && !STOP.has(t.lemma) && /^\p{L}/u.test(t.lemma))
      terms.push(t.lemma);
  }
  return {
    id: response.id,
    text: response.text,
    agrees: response.agrees ?? 0,
    section: response.section ?? null,
    terms,
    phrases: nounPhrases(tokens),
  };
}

/** A phrase names a topic when some content word in it is neither filler nor the consultation's own title. */
function namesATopic(key: string, exclude: Set<string>): boolean {
  return key.split(" ").some((word) => !FILLER.has(word) && !STOP.has(word) && !exclude.has(word));
}

type Vector = { index: Int32Array; weight: Float64Array };

function mulberry32(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function dot(v: Vector, centroid: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < v.index.length; i++) sum += v.weight[i] * centroid[v.index[i]];
  return sum;
}

/** Spherical k-means with a seeded k-means++ start: deterministic for the same vectors. */
function cluster(vectors: Vector[], dimensions: number, k: number, seed: number): { assignment: Int32Array; centroids: Float64Array[]; cohesion: number } {
  const random = mulberry32(seed);
  const nonEmpty = vectors.map((v, i) => (v.index.length ? i : -1)).filter((i) => i >= 0);
  const centroids: Float64Array[] = [];
  const toDense = (v: Vector) => {
    const dense = new Float64Array(dimensions);
    for (let i = 0; i < v.index.length; i++) dense[v.index[i]] = v.weight[i];
    return dense;
  };
  centroids.push(toDense(vectors[nonEmpty[Math.floor(random() * nonEmpty.length)]]));
  const best = new Float64Array(vectors.length).fill(-1);
  while (centroids.length < k) {
    let total = 0;
    const distance = new Float64Array(vectors.length);
    for (const i of nonEmpty) {
      best[i] = Math.max(best[i], dot(vectors[i], centroids[centroids.length - 1]));
      distance[i] = Math.max(0, 1 - best[i]) ** 2;
      total += distance[i];
    }
    if (total === 0) break;
    let target = random() * total;
    let chosen = nonEmpty[nonEmpty.length - 1];
    for (const i of nonEmpty) {
      target -= distance[i];
      if (target <= 0) {
        chosen = i;
        break;
      }
    }
    centroids.push(toDense(vectors[chosen]));
  }
  const assignment = new Int32Array(vectors.length).fill(-1);
  let cohesion = 0;
  for (let iteration = 0; iteration < 25; iteration++) {
    let moved = 0;
    cohesion = 0;
    for (const i of nonEmpty) {
      let top = -1;
      let topScore = -Infinity;
      for (let c = 0; c < centroids.length; c++) {
        const score = dot(vectors[i], centroids[c]);
        if (score > topScore) {
          topScore = score;
          top = c;
        }
      }
      if (assignment[i] !== top) moved++;
      assignment[i] = top;
      cohesion += topScore;
    }
    for (let c = 0; c < centroids.length; c++) centroids[c].fill(0);
    for (const i of nonEmpty) {
      const v = vectors[i];
      const centroid = centroids[assignment[i]];
      for (let j = 0; j < v.index.length; j++) centroid[v.index[j]] += v.weight[j];
    }
    for (const centroid of centroids) normalise(centroid);
    if (moved === 0) break;
  }
  return { assignment, centroids, cohesion };
}

function normalise(values: Float64Array) {
  let norm = 0;
  for (let i = 0; i < values.length; i++) norm += values[i] * values[i];
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < values.length; i++) values[i] /= norm;
}

export function suggestThemesFor(responses: readonly ResponseText[], options: SuggestOptions = {}): Suggestions {
  const maxThemes = options.maxThemes ?? 12;
  const exclude = new Set((options.exclude ?? []).flatMap((text) => analyse({ id: "", text }).terms.concat(text.toLowerCase().split(/[^\p{L}]+/u))));
  const analysed = [...responses].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map(analyse);
  const total = analysed.length;
  if (total === 0) return { total, themes: [], ungrouped: [] };

  // Features: lemmas and multi-word phrases in at least two comments and at most half of them.
  const df = new Map<string, number>();
  const featuresOf = analysed.map((a) => {
    const features = new Map<string, number>();
    for (const term of a.terms) features.set(term, (features.get(term) ?? 0) + 1);
    for (const key of a.phrases.keys()) if (key.includes(" ")) features.set(key, (features.get(key) ?? 0) + 1);
    for (const feature of features.keys()) df.set(feature, (df.get(feature) ?? 0) + 1);
    return features;
  });
  const dimension = new Map<string, number>();
  for (const [feature, count] of [...df].sort((a, b) => (a[0] < b[0] ? -1 : 1))) {
    if (count >= 2 && count <= Math.max(2, total * 0.5) && !exclude.has(feature)) dimension.set(feature, dimension.size);
  }
  // No word or phrase in two comments: nothing to group them by (clustering needs one).
  if (dimension.size === 0) return { total, themes: [], ungrouped: analysed.map((a) => a.id) };
  const vectors: Vector[] = featuresOf.map((features) => {
    const entries: [number, number][] = [];
    for (const [feature, count] of features) {
      const index = dimension.get(feature);
      if (index === undefined) continue;
      const weight = (1 + Math.log(count)) * Math.log((1 + total) / (1 + df.get(feature)!)) * (feature.includes(" ") ? 1.5 : 1);
      entries.push([index, weight]);
    }
    entries.sort((a, b) => a[0] - b[0]);
    const norm = Math.sqrt(entries.reduce((sum, [, w]) => sum + w * w, 0)) || 1;
    return { index: Int32Array.from(entries, ([i]) => i), weight: Float64Array.from(entries, ([, w]) => w / norm) };
  });

  // Enough groups for a handful of themes in a small consultation, at most a few more than are
  // shown in a large one (groups without a topic are dropped, near-copies merged).
  const k = Math.max(1, Math.min(maxThemes + 2, Math.round(Math.sqrt(total))));
  // k-means finds a local optimum from its start: keep the tightest of a few seeded starts.
  const { assignment, centroids } = [1, 2, 3, 4]
    .map((seed) => cluster(vectors, dimension.size, k, seed))
    .reduce((best, run) => (run.cohesion > best.cohesion ? run : best));

  // Groups that point the same way (the crisis line and its phone number) are one theme.
  const clusterOf = Int32Array.from(assignment);
  for (let a = 0; a < centroids.length; a++) {
    for (let b = a + 1; b < centroids.length; b++) {
      let similarity = 0;
      for (let d = 0; d < dimension.size; d++) similarity += centroids[a][d] * centroids[b][d];
      if (similarity >= 0.3) for (let i = 0; i < total; i++) if (clusterOf[i] === b) clusterOf[i] = a;
    }
  }
  for (let c = 0; c < centroids.length; c++) {
    centroids[c].fill(0);
    for (let i = 0; i < total; i++)
      if (clusterOf[i] === c) for (let j = 0; j < vectors[i].index.length; j++) centroids[c][vectors[i].index[j]] += vectors[i].weight[j];
    normalise(centroids[c]);
  }

  // Phrase counts per group and overall, by comment.
  const phraseDf = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();
  for (const a of analysed) {
    for (const [key, surface] of a.phrases) {
      phraseDf.set(key, (phraseDf.get(key) ?? 0) + 1);
      let forms = surfaces.get(key);
      if (!forms) surfaces.set(key, (forms = new Map()));
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    }
  }
  const surfaceOf = (key: string) => [...surfaces.get(key)!].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];

  type Label = { key: string; score: number; members: number[] };
  type Group = { members: number[]; labels: Label[] };
  /** A group's candidate labels, most distinctive first (class-based TF-IDF over phrases). */
  const labelsFor = (members: number[]): Label[] => {
    const inGroup = new Map<string, number[]>();
    for (const i of members) for (const key of analysed[i].phrases.keys()) (inGroup.get(key) ?? inGroup.set(key, []).get(key)!).push(i);
    const labels: Label[] = [];
    for (const [key, users] of inGroup) {
      const overall = phraseDf.get(key)!;
      // A label must describe a good part of its group, or the group has no topic; a phrase
      // common everywhere and spread across groups (a place name, the service itself) names none.
      const everywhere = overall > total * 0.3 && users.length / overall < 0.6;
      if (users.length < Math.max(2, members.length * 0.25) || everywhere || !namesATopic(key, exclude)) continue;
      const words = key.split(" ").length;
      const score = (users.length / members.length) * Math.log(1 + total / k / overall) * (1 + 0.3 * (words - 1));
      labels.push({ key, score, members: users });
    }
    return labels.sort((a, b) => b.score - a.score || (a.key < b.key ? -1 : 1));
  };
  const groups: Group[] = [];
  for (let c = 0; c < centroids.length; c++) {
    const members = [];
    for (let i = 0; i < total; i++) if (clusterOf[i] === c && dot(vectors[i], centroids[c]) >= 0.12) members.push(i);
    if (members.length < Math.max(2, Math.ceil(total * 0.01))) continue;
    const labels = labelsFor(members);
    if (labels.length) groups.push({ members, labels });
  }

  // Two groups named by near-copies ("waiting times", "waiting lists": one contains the
  // other, or they share a word and their comments point the same way) are one theme.
  const centroidOf = (members: number[]) => {
    const centroid = new Float64Array(dimension.size);
    for (const i of members) for (let j = 0; j < vectors[i].index.length; j++) centroid[vectors[i].index[j]] += vectors[i].weight[j];
    normalise(centroid);
    return centroid;
  };
  const cosine = (a: Float64Array, b: Float64Array) => a.reduce((sum, value, d) => sum + value * b[d], 0);
  const sharesAWord = (a: string, b: string) => a.split(" ").some((word) => namesATopic(word, exclude) && b.split(" ").includes(word));
  const merged: (Group & { centroid: Float64Array })[] = [];
  for (const group of groups.sort((a, b) => b.members.length - a.members.length || a.members[0] - b.members[0])) {
    const label = group.labels[0].key;
    const centroid = centroidOf(group.members);
    const same = merged.find((other) => {
      const otherLabel = other.labels[0].key;
      return contains(otherLabel, label) || contains(label, otherLabel) || (sharesAWord(label, otherLabel) && cosine(centroid, other.centroid) >= 0.15);
    });
    if (same) same.members.push(...group.members);
    else merged.push({ ...group, centroid });
  }

  const allAgrees = analysed.reduce((sum, a) => sum + a.agrees, 0);
  const themes = merged
    .slice(0, maxThemes)
    .flatMap((group): ThemeSuggestion[] => {
      // A comment that joined through a merge but shares nothing with the theme is not in it.
      const whole = centroidOf(group.members);
      const members = group.members.filter((i) => dot(vectors[i], whole) >= 0.1).sort((a, b) => a - b);
      // Named again from all its comments: a merged group's best phrase may be another's.
      const [label, ...rest] = labelsFor(members);
      if (!label) return [];
      const alternatives: typeof rest = [];
      for (const candidate of rest) {
        if (alternatives.length === 3) break;
        const chosen = [label, ...alternatives];
        if (!chosen.some((l) => contains(l.key, candidate.key) || contains(candidate.key, l.key))) alternatives.push(candidate);
      }
      const centroid = centroidOf(members);
      const quotes = [...members]
        .sort((a, b) => dot(vectors[b], centroid) - dot(vectors[a], centroid) || a - b)
        .slice(0, 3)
        .map((i) => ({ id: analysed[i].id, text: shorten(analysed[i].text) }));
      const sectionCounts = new Map<string, number>();
      for (const i of members) if (analysed[i].section) sectionCounts.set(analysed[i].section!, (sectionCounts.get(analysed[i].section!) ?? 0) + 1);
      const agrees = members.reduce((sum, i) => sum + analysed[i].agrees, 0);
      const labelText = surfaceOf(label.key);
      const alternativeTexts = alternatives.map((l) => surfaceOf(l.key));
      return [
        {
          key: label.key,
          label: labelText,
          alternatives: alternatives.map((l) => ({ label: surfaceOf(l.key), commentIds: l.members.map((i) => analysed[i].id).sort() })),
          description: `${members.length} ${members.length === 1 ? "comment" : "comments"} about ${labelText}${alternativeTexts.length ? `, often mentioning ${listOf(alternativeTexts)}` : ""}.`,
          commentIds: members.map((i) => analysed[i].id),
          agreeShare: allAgrees ? Math.round((agrees / allAgrees) * 1000) / 1000 : 0,
          quotes,
          sections: [...sectionCounts].map(([section, count]) => ({ section, count })).sort((a, b) => b.count - a.count || (a.section < b.section ? -1 : 1)),
        },
      ];
    })
    .filter((theme, i, all) => all.findIndex((other) => other.key === theme.key) === i);
  const grouped = new Set(themes.flatMap((t) => t.commentIds));
  return { total, themes, ungrouped: analysed.filter((a) => !grouped.has(a.id)).map((a) => a.id) };
}

function contains(outer: string, inner: string): boolean {
  return ` ${outer} `.includes(` ${inner} `);
}

function listOf(items: string[]): string {
  return items.length <= 1 ? items.join("") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

function shorten(text: string, max = 240): string {
  const plain = text.replace(/\s+/g, " ").trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

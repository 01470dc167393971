import { z } from "zod";
import { IdempotencyKey } from "#app/utils/idempotency";
import { CountMethod, ForumCategory } from "#app/generated/prisma/enums";

export const METHOD_LABELS: Record<CountMethod, string> = {
  SCOTTISH_STV: "Single transferable vote, Scottish rules (2007)",
  ERS97: "Single transferable vote, ERS97 rules",
  FPTP: "First past the post",
  BLOCK: "Block vote",
};

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const TIME = /^([01]\d|2[0-3]):[0-5]\d$/;
const when = (what: string) =>
  z.object({ date: z.string().regex(DATE, `Enter the date ${what} (YYYY-MM-DD)`), time: z.string().regex(TIME, `Enter the time ${what} (HH:MM)`) });
const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

// The count passphrase wraps the key that opens the sealed ballots (ADR 014). The wrapped key
// is in the database, so the passphrase must resist guessing: length is what counts.
export const COUNT_PASSPHRASE_MIN = 12;
const countPassphrase = z
  .string({ error: "Choose a count passphrase" })
  .min(COUNT_PASSPHRASE_MIN, `Choose a count passphrase of at least ${COUNT_PASSPHRASE_MIN} characters: three or four unrelated words work well`)
  .max(200, "The count passphrase must be 200 characters or fewer");
const confirmedPassphrase = {
  countPassphrase,
  countPassphraseConfirm: z.string({ error: "Enter the count passphrase again" }).min(1, "Enter the count passphrase again"),
};
const passphrasesMatch = (form: { countPassphrase: string; countPassphraseConfirm: string }, ctx: z.RefinementCtx) => {
  if (form.countPassphrase !== form.countPassphraseConfirm)
    ctx.addIssue({ code: "custom", path: ["countPassphraseConfirm"], message: "The two count passphrases do not match" });
};

export const CreateElectionSchema = z
  .object({
    title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(200, "Title must be 200 characters or fewer"),
    seatId: z.string({ error: "Choose the seat" }).min(1, "Choose the seat").max(64),
    places: z.coerce.number({ error: "Enter how many places" }).int("Enter a whole number of places").min(1, "At least one place").max(20, "At most 20 places"),
    constituency: z.preprocess(asArray, z.array(z.enum(ForumCategory)).min(1, "Choose who may vote")),
    residencyRequired: z
      .union([z.literal("on"), z.literal("true")])
      .optional()
      .transform(Boolean),
    method: z.enum(CountMethod, { error: "Choose how the votes are counted" }),
    nominationsOpen: when("nominations open"),
    nominationsClose: when("nominations close"),
    votingOpen: when("voting opens"),
    votingClose: when("voting closes"),
    ...confirmedPassphrase,
  })
  .superRefine((form, ctx) => {
    passphrasesMatch(form, ctx);
    const at = (w: { date: string; time: string }) => `${w.date}T${w.time}`;
    const order = [
      ["nominationsClose", form.nominationsOpen, form.nominationsClose, "Nominations must close after they open"],
      ["votingOpen", form.nominationsClose, form.votingOpen, "Voting must open after nominations close"],
      ["votingClose", form.votingOpen, form.votingClose, "Voting must close after it opens"],
    ] as const;
    for (const [path, earlier, later, message] of order) if (at(later) <= at(earlier)) ctx.addIssue({ code: "custom", path: [path], message });
  });

/** One text field of a parsed form (a repeated field gives its first value). */
const one = (fields: Record<string, unknown>, name: string) => {
  const value = Array.isArray(fields[name]) ? (fields[name] as unknown[])[0] : fields[name];
  return typeof value === "string" ? value : undefined;
};
const stamp = (fields: Record<string, unknown>, prefix: string) => ({ date: one(fields, `${prefix}Date`), time: one(fields, `${prefix}Time`) });

/** The form sends nominationsOpenDate and nominationsOpenTime etc.; they are read as one moment each (errors name the moment). */
export const CreateElectionFormSchema = z.preprocess((raw) => {
  const fields = (raw ?? {}) as Record<string, unknown>;
  return {
    ...fields,
    nominationsOpen: stamp(fields, "nominationsOpen"),
    nominationsClose: stamp(fields, "nominationsClose"),
    votingOpen: stamp(fields, "votingOpen"),
    votingClose: stamp(fields, "votingClose"),
  };
}, CreateElectionSchema);

export const STATEMENT_WORDS = 500;

/** The one answer for every nominee who cannot be nominated, so the form reveals nothing about anyone. */
export const NOMINEE_REFUSAL = "Choose a member from the list of members who can stand";

export const NominateSchema = z.object({
  intent: z.literal("nominate"),
  // Chosen from the list of members who may stand; empty means yourself. Never an email address,
  // which would tell a member whether an address belongs to someone (docs/decisions/017).
  candidateId: z
    .string()
    .trim()
    .max(64, NOMINEE_REFUSAL)
    .optional()
    .transform((v) => v || null),
  idempotencyKey: IdempotencyKey,
  statement: z
    .string({ error: "Write a statement for voters" })
    .trim()
    .min(1, "Write a statement for voters")
    .refine((s) => s.split(/\s+/).filter(Boolean).length <= STATEMENT_WORDS, `Statements are at most ${STATEMENT_WORDS} words`),
});

export const NominationActionSchema = z.object({
  intent: z.enum(["accept", "withdraw", "confirm", "reject"]),
  nominationId: z.string().min(1).max(64),
});

export const MethodSchema = z.object({ intent: z.literal("method"), method: z.enum(CountMethod, { error: "Choose how the votes are counted" }) });

export const DeclareSchema = z.object({
  intent: z.literal("declare"),
  passphrase: z
    .string({ error: "Enter the count passphrase" })
    .min(1, "Enter the count passphrase")
    .max(200, "This is not the count passphrase for this election"),
});

/** Declaring the votes cast so far void (when the count passphrase is lost) and re-running the poll. */
export const VoidElectionSchema = z
  .object({
    intent: z.literal("void"),
    confirm: z.literal("yes", { error: "Confirm that every vote cast so far will be discarded" }),
    votingCloseDate: z.string().regex(DATE, "Enter the date the re-run poll closes (YYYY-MM-DD)"),
    votingCloseTime: z.string().regex(TIME, "Enter the time the re-run poll closes (HH:MM)"),
    ...confirmedPassphrase,
  })
  .superRefine(passphrasesMatch)
  .transform((form) => ({ ...form, votingClose: { date: form.votingCloseDate, time: form.votingCloseTime } }));

/** The voting form as sent: `rank-<nominationId>` marks, or the reviewed `ranking` when casting. */
export const BallotFormSchema = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
export type BallotForm = z.output<typeof BallotFormSchema>;

/**
 * Preferences from the voting form: `rank-<nominationId>` = "1", "2", ... or empty.
 * They must start at 1, have no gaps, and give each number to one candidate only.
 */
export function readRanking(form: BallotForm, candidateIds: string[]): { ok: true; ranking: string[] } | { ok: false; error: string } {
  const marks: { id: string; rank: number }[] = [];
  for (const [key, raw] of Object.entries(form)) {
    if (!key.startsWith("rank-") || typeof raw !== "string" || raw.trim() === "") continue;
    const id = key.slice(5);
    if (!candidateIds.includes(id)) return { ok: false, error: "Your ballot names someone who is not a candidate in this election" };
    const rank = Number(raw);
    if (!Number.isInteger(rank) || rank < 1 || rank > candidateIds.length)
      return { ok: false, error: `Preferences are numbers from 1 to ${candidateIds.length}` };
    marks.push({ id, rank });
  }
  const ordered = form.ranking === undefined ? [] : Array.isArray(form.ranking) ? form.ranking : [form.ranking];
  if (marks.length === 0 && ordered.length) {
    if (new Set(ordered).size !== ordered.length || !ordered.every((id) => candidateIds.includes(id)))
      return { ok: false, error: "This ballot is not valid: start again" };
    return { ok: true, ranking: ordered };
  }
  if (marks.length === 0) return { ok: false, error: "Put the number 1 next to the candidate you most want to elect" };
  const ranks = marks.map((m) => m.rank).sort((a, b) => a - b);
  const duplicate = ranks.find((r, i) => ranks[i + 1] === r);
  if (duplicate !== undefined) return { ok: false, error: `You gave preference ${duplicate} to more than one candidate` };
  const gap = ranks.findIndex((r, i) => r !== i + 1);
  if (gap !== -1) return { ok: false, error: `Number your preferences 1, 2, 3 and so on without gaps: preference ${gap + 1} is missing` };
  return { ok: true, ranking: marks.sort((a, b) => a.rank - b.rank).map((m) => m.id) };
}

export const PHASE_TEXT = {
  "before-nominations": "Nominations open soon",
  nominations: "Nominations open",
  between: "Nominations closed; voting opens soon",
  voting: "Voting open",
  closed: "Voting closed; count to come",
  declared: "Result declared",
} as const;

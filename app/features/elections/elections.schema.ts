import { z } from "zod";
import { IdempotencyKey } from "#app/utils/idempotency";
import { CountMethod, ForumCategory } from "#app/generated/prisma/enums";
import { dateField, requireAfter, timeField } from "#app/utils/date-time-fields";

export const METHOD_LABELS: Record<CountMethod, string> = {
  SCOTTISH_STV: "Single transferable vote, Scottish rules (2007)",
  ERS97: "Single transferable vote, ERS97 rules",
  FPTP: "First past the post",
  BLOCK: "Block vote",
};

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

/** The moments of an election's timetable, each later than the one before. */
const TIMETABLE_ORDER = [
  ["nominationsOpen", "nominationsClose", "Nominations must close after they open"],
  ["nominationsClose", "votingOpen", "Voting must open after nominations close"],
  ["votingOpen", "votingClose", "Voting must close after it opens"],
] as const;
type Moment = (typeof TIMETABLE_ORDER)[number][0 | 1];

/**
 * Calling an election. The form gives each moment of the timetable as two fields, a date and a
 * time (votingCloseDate, votingCloseTime), and each error names the field that is wrong, so it
 * shows beside it; the command gets each moment as one { date, time }.
 */
export const CreateElectionFormSchema = z
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
    nominationsOpenDate: dateField("nominations open"),
    nominationsOpenTime: timeField("nominations open"),
    nominationsCloseDate: dateField("nominations close"),
    nominationsCloseTime: timeField("nominations close"),
    votingOpenDate: dateField("voting opens"),
    votingOpenTime: timeField("voting opens"),
    votingCloseDate: dateField("voting closes"),
    votingCloseTime: timeField("voting closes"),
    ...confirmedPassphrase,
  })
  .superRefine((form, ctx) => {
    const moment = (name: Moment) => ({ name, date: form[`${name}Date`], time: form[`${name}Time`] });
    for (const [earlier, later, message] of TIMETABLE_ORDER) requireAfter(ctx, moment(earlier), moment(later), message);
    passphrasesMatch(form, ctx);
  })
  .transform(
    ({
      nominationsOpenDate,
      nominationsOpenTime,
      nominationsCloseDate,
      nominationsCloseTime,
      votingOpenDate,
      votingOpenTime,
      votingCloseDate,
      votingCloseTime,
      ...election
    }) => ({
      ...election,
      nominationsOpen: { date: nominationsOpenDate, time: nominationsOpenTime },
      nominationsClose: { date: nominationsCloseDate, time: nominationsCloseTime },
      votingOpen: { date: votingOpenDate, time: votingOpenTime },
      votingClose: { date: votingCloseDate, time: votingCloseTime },
    }),
  );
export type CreateElectionForm = z.output<typeof CreateElectionFormSchema>;

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
    votingCloseDate: dateField("the re-run poll closes"),
    votingCloseTime: timeField("the re-run poll closes"),
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

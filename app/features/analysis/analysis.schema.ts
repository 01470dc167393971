import { z } from "zod";
import { ResponseChannel, StakeholderType, Stance, ThemeResponse } from "#app/generated/prisma/enums";

const id = z.string().trim().min(1).max(40);
const ids = (noun: string) =>
  z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(id).min(1, `Choose at least one ${noun}`).max(500, `Choose at most 500 ${noun}s at a time`),
  );

export const ThemeNameSchema = z
  .string({ error: "Enter a name for the theme" })
  .trim()
  .min(1, "Enter a name for the theme")
  .max(80, "Theme names must be 80 characters or fewer")
  .transform((name) => name.replace(/\s+/g, " "));

export const themeKey = (name: string) => name.trim().replace(/\s+/g, " ").toLowerCase();

export const CreateThemeSchema = z.object({ intent: z.literal("create-theme"), name: ThemeNameSchema });
export const RenameThemeSchema = z.object({ intent: z.literal("rename-theme"), themeId: id, name: ThemeNameSchema });
export const MergeThemesSchema = z
  .object({
    intent: z.literal("merge-themes"),
    sourceId: id.or(z.literal("")).refine((v) => v !== "", "Choose the theme to merge"),
    targetId: id.or(z.literal("")).refine((v) => v !== "", "Choose the theme to merge it into"),
  })
  .refine((v) => v.sourceId !== v.targetId, { path: ["targetId"], message: "Choose two different themes" });
const suggestionKey = z.string().trim().min(1).max(200);
export const AcceptSuggestionSchema = z.object({ intent: z.literal("accept-suggestion"), key: suggestionKey, name: ThemeNameSchema });
export const MergeSuggestionsSchema = z.object({
  intent: z.literal("merge-suggestions"),
  keys: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(suggestionKey).min(2, "Choose at least two suggestions to merge").max(20),
  ),
  name: ThemeNameSchema,
});
export const SplitSuggestionSchema = z.object({
  intent: z.literal("split-suggestion"),
  key: suggestionKey,
  alternative: z.string({ error: "Choose the phrase to split off" }).trim().min(1, "Choose the phrase to split off").max(200),
  name: ThemeNameSchema,
  restName: ThemeNameSchema,
});

export const TagSchema = z.object({
  intent: z.enum(["tag", "untag"]),
  themeId: z.string({ error: "Choose a theme" }).trim().min(1, "Choose a theme").max(40),
  commentIds: ids("comment"),
});
export const KeyQuoteSchema = z.object({ intent: z.literal("key-quote"), commentId: id, keyQuote: z.enum(["true", "false"]).transform((v) => v === "true") });

export const WORKSPACE_PAGE_SIZE = 50;

/** The workspace's filters, from the query string. Unknown values are dropped, not errors. */
export const WorkspaceFiltersSchema = z.object({
  q: z.string().trim().max(200).optional().catch(undefined),
  section: z.string().trim().max(20).optional().catch(undefined),
  paragraph: z.coerce.number().int().min(1).max(500).optional().catch(undefined),
  stakeholder: z.enum(StakeholderType).optional().catch(undefined),
  stance: z.enum(Stance).optional().catch(undefined),
  channel: z.enum(ResponseChannel).optional().catch(undefined),
  theme: z.string().trim().max(40).optional().catch(undefined),
  untagged: z.literal("1").optional().catch(undefined),
  from: z.iso.date().optional().catch(undefined),
  to: z.iso.date().optional().catch(undefined),
  page: z.coerce.number().int().min(1).max(10_000).default(1).catch(1),
});
export type WorkspaceFilters = z.output<typeof WorkspaceFiltersSchema>;

const revision = z.coerce.number({ error: "Reload the page and try again" }).int().min(0);
const longText = (label: string) => z.string().trim().max(10_000, `${label} must be 10,000 characters or fewer`);

export const SectionSummarySchema = z.object({
  intent: z.literal("section-summary"),
  sectionNumber: z.string().trim().min(1).max(20),
  text: longText("The summary"),
  revision,
});

export const THEME_RESPONSE_LABELS: Record<ThemeResponse, string> = {
  CHANGED: "Changed",
  WILL_CONSIDER: "Will consider",
  NOT_CHANGED: "Not changed",
};

export const ThemeResponseSchema = z.object({
  intent: z.literal("theme-response"),
  themeId: id,
  summary: longText("What people said"),
  response: z
    .enum(ThemeResponse, { error: "Choose what was done" })
    .or(z.literal(""))
    .optional()
    .transform((v) => v || null),
  responseNote: longText("What we did"),
  sectionIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(id).max(100)),
  revision,
});
export const PublishOutcomeSchema = z.object({ intent: z.literal("publish") });
export const OverviewSchema = z.object({ intent: z.literal("overview"), overview: longText("The overview"), revision });

// ------------------------------------------------------------------ responses received outside the platform

export const IMPORT_MAX_BYTES = 2 * 1024 * 1024;
export const IMPORT_MAX_ROWS = 5_000;
export const IMPORT_COLUMNS = ["text", "name", "organisation", "stakeholder type", "section", "date", "channel", "consent"] as const;
export const IMPORT_REQUIRED_COLUMNS = ["text", "stakeholder type", "date", "channel"] as const;

const IMPORTED_CHANNELS = { email: "EMAIL", post: "POST", letter: "POST", meeting: "MEETING", other: "OTHER" } as const;
const STAKEHOLDER_WORDS: Record<string, StakeholderType> = Object.fromEntries(
  Object.values(StakeholderType).map((type) => [type.toLowerCase().replace(/_/g, " "), type]),
);
const optionalText = (label: string, max: number) =>
  z
    .string()
    .trim()
    .max(max, `${label} must be ${max} characters or fewer`)
    .transform((v) => v || null);

/** One row of an imported CSV, as the commissioner typed it in a spreadsheet. */
export const ImportedResponseRowSchema = z.object({
  text: z.string().trim().min(1, "Enter the response's text").max(10_000, "The text must be 10,000 characters or fewer"),
  name: optionalText("The name", 200),
  organisation: optionalText("The organisation", 200),
  "stakeholder type": z
    .string()
    .trim()
    .toLowerCase()
    .transform((v) => v.replace(/[_-]/g, " "))
    .pipe(
      z.enum(Object.keys(STAKEHOLDER_WORDS) as [string, ...string[]], {
        error: `Stakeholder type must be one of: ${Object.keys(STAKEHOLDER_WORDS).join(", ")}`,
      }),
    )
    .transform((v) => STAKEHOLDER_WORDS[v]),
  section: z.string().trim().max(20, "Section must be a section number, or blank for the whole proposal"),
  date: z.iso.date({ error: "Date must be a date written as YYYY-MM-DD, for example 2026-10-01" }),
  channel: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(Object.keys(IMPORTED_CHANNELS) as (keyof typeof IMPORTED_CHANNELS)[], { error: "Channel must be email, post, meeting or other" }))
    .transform((v) => IMPORTED_CHANNELS[v]),
  consent: z
    .string()
    .trim()
    .toLowerCase()
    .pipe(z.enum(["", "yes", "no"], { error: "Consent must be yes, no or blank (blank means no)" }))
    .transform((v) => v === "yes"),
});
export type ImportedResponseRow = z.output<typeof ImportedResponseRowSchema>;

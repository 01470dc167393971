import { z } from "zod";
import { ResponseChannel, StakeholderType, Stance, ThemeResponse } from "~/generated/prisma/enums";

const id = z.string().trim().min(1).max(40);
const ids = (noun: string) =>
  z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(id).min(1, `Choose at least one ${noun}`).max(500, `Choose at most 500 ${noun}s at a time`));

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
  keys: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(suggestionKey).min(2, "Choose at least two suggestions to merge").max(20)),
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

export const SectionSummarySchema = z.object({ intent: z.literal("section-summary"), sectionNumber: z.string().trim().min(1).max(20), text: longText("The summary"), revision });

export const THEME_RESPONSE_LABELS: Record<ThemeResponse, string> = {
  CHANGED: "Changed",
  WILL_CONSIDER: "Will consider",
  NOT_CHANGED: "Not changed",
};

export const ThemeResponseSchema = z.object({
  intent: z.literal("theme-response"),
  themeId: id,
  summary: longText("What people said"),
  response: z.enum(ThemeResponse, { error: "Choose what was done" }).or(z.literal("")).optional().transform((v) => v || null),
  responseNote: longText("What we did"),
  sectionIds: z.preprocess((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]), z.array(id).max(100)),
  revision,
});
export const OverviewSchema = z.object({ intent: z.literal("overview"), overview: longText("The overview"), revision });

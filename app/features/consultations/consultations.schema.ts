import { z } from "zod";
import { IdempotencyKey } from "#app/utils/idempotency";
import { StakeholderType, Stance } from "#app/generated/prisma/enums";

export const COMMENT_MAX = 5000;

export const STANCE_LABELS: Record<Stance, string> = {
  SUPPORT: "Support",
  CONCERN: "Concern",
  QUESTION: "Question",
  SUGGESTION: "Suggestion",
};

const id = z.string().min(1).max(64);
const body = z
  .string({ error: "Enter your comment" })
  .trim()
  .min(1, "Enter your comment")
  .max(COMMENT_MAX, `Comment must be ${COMMENT_MAX.toLocaleString("en-GB")} characters or fewer`);
const stance = z
  .union([z.literal(""), z.enum(Stance, { error: "Choose a stance from the list" })])
  .optional()
  .transform((value) => (value ? value : null));
const checkbox = z
  .union([z.literal("on"), z.literal("true")])
  .optional()
  .transform(Boolean);

export const NewCommentSchema = z.object({
  intent: z.literal("comment"),
  sectionId: z
    .union([z.literal(""), id])
    .optional()
    .transform((v) => v || null),
  paragraphIndex: z
    .union([z.literal(""), z.coerce.number().int().min(0).max(10_000)])
    .optional()
    .transform((v) => (v === "" || v === undefined ? null : v)),
  parentId: z
    .union([z.literal(""), id])
    .optional()
    .transform((v) => v || null),
  body,
  stance,
  onBehalf: checkbox,
  idempotencyKey: IdempotencyKey,
});
export type NewCommentInput = z.output<typeof NewCommentSchema>;

export const EditCommentSchema = z.object({ intent: z.literal("edit"), commentId: id, body });
export const CommentIdSchema = z.object({ intent: z.enum(["delete", "agree"]), commentId: id });
export const ReportSchema = z.object({
  intent: z.literal("report"),
  commentId: id,
  reason: z
    .string({ error: "Say why you are reporting this comment" })
    .trim()
    .min(1, "Say why you are reporting this comment")
    .max(500, "Reason must be 500 characters or fewer"),
});
export const ModerateSchema = z.object({
  intent: z.enum(["hide", "restore", "approve"]),
  commentId: id,
  reason: z.string({ error: "Give a reason" }).trim().min(1, "Give a reason").max(500, "Reason must be 500 characters or fewer"),
});

/** What a comment form gets back after an error: what was typed, nothing else. */
export function typedComment(formData: FormData): { body: string; reason: string; stance: string } {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === "string" ? value : "";
  };
  return { body: text("body"), reason: text("reason"), stance: text("stance") };
}

/** Which form on a proposal's page an answer about a comment belongs to, so its errors appear beside it. */
export const commentForm = (panel: "edit" | "report" | "moderate") => (fields: Record<string, unknown>) => `${panel}-${String(fields.commentId ?? "")}`;
export const newCommentForm = (fields: Record<string, unknown>) => (fields.parentId ? `reply-${String(fields.parentId)}` : "have-your-say");
/** Agreeing and deleting are buttons in the list: their errors are shown above it. */
export const COMMENT_LIST_FORM = "comments";

export const COMMENT_SORTS = ["newest", "oldest", "agreed"] as const;
export const CommentListQuerySchema = z.object({
  sort: z.enum(COMMENT_SORTS).catch("newest"),
  section: z.string().max(64).optional().catch(undefined),
  type: z.enum(StakeholderType).optional().catch(undefined),
  stance: z.enum(Stance).optional().catch(undefined),
  cursor: z.string().max(400).optional().catch(undefined),
});
export type CommentListQuery = z.output<typeof CommentListQuerySchema>;

export const ReplyPageQuerySchema = z.object({ cursor: z.string().min(1).max(64).optional().catch(undefined) });

import { z } from "zod";
import { ApprovalOutcome } from "#app/generated/prisma/enums";
import { DATE } from "#app/utils/date-time-fields";

export const OUTCOME_LABELS: Record<ApprovalOutcome, string> = {
  APPROVED: "Approved",
  APPROVED_WITH_AMENDMENTS: "Approved with amendments",
  DEFERRED: "Deferred",
  REJECTED: "Rejected",
};

export const StageSchema = z
  .object({
    intent: z.enum(["add-stage", "edit-stage"]),
    stageId: z.string().max(64).optional(),
    bodyId: z.string({ error: "Choose the body that meets" }).min(1, "Choose the body that meets").max(64),
    title: z.string({ error: "Say what happens at this meeting" }).trim().min(1, "Say what happens at this meeting").max(200, "At most 200 characters"),
    meetingDate: z.string({ error: "Enter the meeting date" }).regex(DATE, "Enter the meeting date (YYYY-MM-DD)"),
    papersDue: z
      .union([z.literal(""), z.string().regex(DATE, "Enter the papers deadline (YYYY-MM-DD)")])
      .optional()
      .transform((v) => v || null),
    outcome: z
      .union([z.literal(""), z.enum(ApprovalOutcome)])
      .optional()
      .transform((v) => v || null),
    outcomeNote: z
      .string()
      .trim()
      .max(1000, "At most 1,000 characters")
      .optional()
      .transform((v) => v || null),
  })
  .refine((s) => !s.papersDue || s.papersDue < s.meetingDate, { path: ["papersDue"], message: "Papers must be due before the meeting" });

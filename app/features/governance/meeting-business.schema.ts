import { z } from "zod";
import { ActionStatus, RecommendationOutcome, Vote } from "#app/generated/prisma/enums";
import { DATE } from "#app/utils/date-time-fields";

const id = z.string().trim().min(1).max(40);
const list = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === undefined || v === "" ? [] : Array.isArray(v) ? v : [v]), z.array(schema).max(200));
const required = (what: string, max = 4000) =>
  z
    .string({ error: `Enter ${what}` })
    .trim()
    .min(1, `Enter ${what}`)
    .max(max, `This must be ${max.toLocaleString("en-GB")} characters or fewer`);
/** The form's idempotency key (checked by sendOnce, which answers a bad one for the whole form). */
const idempotencyKey = z.string().optional();
const optionalText = (max = 8000) =>
  z
    .string()
    .trim()
    .max(max, `This must be ${max.toLocaleString("en-GB")} characters or fewer`)
    .default("");

export const AttendanceSchema = z
  .object({
    intent: z.literal("attendance"),
    present: list(id),
    apologies: list(id),
    // One person a line: "Name, role".
    inAttendance: z
      .string()
      .max(4000)
      .default("")
      .transform((text) =>
        text
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter(Boolean)
          .map((line) => {
            const [name, ...role] = line.split(",");
            return { name: name.trim().slice(0, 120), role: role.join(",").trim().slice(0, 120) || null };
          }),
      ),
  })
  .refine((a) => !a.present.some((p) => a.apologies.includes(p)), { path: ["apologies"], message: "Someone cannot be both present and sending apologies" });

export const ItemMinutesSchema = z.object({ intent: z.literal("item-minutes"), itemId: id, minutes: optionalText(20_000) });
export const PublishSchema = z.object({ intent: z.enum(["publish-minutes", "publish-papers"]) });
export const ApproveMinutesSchema = z.object({
  intent: z.literal("approve-minutes"),
  earlierMeetingId: z
    .string({ error: "Choose the meeting whose minutes were approved" })
    .trim()
    .min(1, "Choose the meeting whose minutes were approved")
    .max(40),
});

export const VOTE_LABELS: Record<Vote, string> = { FOR: "For", AGAINST: "Against", ABSTAIN: "Abstained" };

/** A decision; when a vote was taken, `vote-<appointmentId>` fields carry each member's vote (gathered into `votes`). */
export const DecisionSchema = z
  .looseObject({
    intent: z.literal("decision"),
    idempotencyKey,
    itemId: z
      .string()
      .trim()
      .max(40)
      .optional()
      .transform((v) => v || null),
    text: required("what was decided"),
    voteTaken: z
      .union([z.literal("on"), z.literal("true")])
      .optional()
      .transform(Boolean),
  })
  .transform(({ intent, idempotencyKey: key, itemId, text, voteTaken, ...fields }, ctx) => {
    const votes: { appointmentId: string; vote: Vote }[] = [];
    for (const [name, value] of Object.entries(fields)) {
      if (!name.startsWith("vote-") || value === "" || value === undefined) continue;
      const parsed = z.enum(Vote).safeParse(value);
      if (!parsed.success) {
        ctx.addIssue({ code: "custom", path: ["voteTaken"], message: "Record each vote as for, against or abstained" });
        return z.NEVER;
      }
      votes.push({ appointmentId: name.slice("vote-".length), vote: parsed.data });
    }
    return { intent, idempotencyKey: key, itemId, text, voteTaken, votes };
  });

export const ActionSchema = z
  .object({
    intent: z.literal("add-action"),
    idempotencyKey,
    description: required("the action", 1000),
    ownerId: z
      .string()
      .trim()
      .max(40)
      .optional()
      .transform((v) => v || null),
    ownerPost: z
      .string()
      .trim()
      .max(120)
      .optional()
      .transform((v) => v || null),
    dueOn: z.string({ error: "Enter the due date" }).regex(DATE, "Enter the due date as YYYY-MM-DD"),
  })
  .refine((a) => a.ownerId || a.ownerPost, { path: ["ownerPost"], message: "Say who owns the action: a person or a post" });

export const ActionUpdateSchema = z.object({
  intent: z.literal("update-action"),
  idempotencyKey,
  actionId: id,
  text: required("an update", 1000),
  status: z
    .enum(ActionStatus)
    .or(z.literal(""))
    .optional()
    .transform((v) => v || null),
});

export const RecommendationDecisionSchema = z
  .object({
    intent: z.literal("decide-recommendation"),
    recommendationId: id,
    outcome: z.enum(RecommendationOutcome, { error: "Choose what was decided" }),
    amendedText: z
      .string()
      .trim()
      .max(2000)
      .optional()
      .transform((v) => v || null),
  })
  .refine((d) => d.outcome !== "AMENDED" || d.amendedText, { path: ["amendedText"], message: "Enter the recommendation as amended" });

export const OUTCOME_LABELS: Record<RecommendationOutcome, string> = {
  APPROVED: "Approved",
  AMENDED: "Approved as amended",
  REJECTED: "Rejected",
  DEFERRED: "Deferred",
};
export const ACTION_STATUS_LABELS: Record<ActionStatus | "OVERDUE", string> = { OPEN: "Open", DONE: "Done", DROPPED: "Dropped", OVERDUE: "Overdue" };

const yesNo = z.enum(["yes", "no"], { error: "Answer yes or no" }).transform((v) => v === "yes");
export const ReportSchema = z.object({
  title: required("a title", 200),
  itemId: z
    .string()
    .trim()
    .max(40)
    .optional()
    .transform((v) => v || null),
  portfolio: required("the portfolio", 200),
  service: required("the service", 200),
  wards: required("the wards (or “All”)", 200),
  keyDecision: yesNo,
  forwardPlan: yesNo,
  summary: required("a summary"),
  recommendations: z
    .string({ error: "Enter at least one recommendation" })
    .transform((text) =>
      text
        .split(/\r?\n/)
        .map((l) => l.replace(/^\s*\d+[.)]\s*/, "").trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string().max(2000)).min(1, "Enter at least one recommendation, one a line").max(30)),
  resources: optionalText(),
  legal: optionalText(),
  citizenImpact: optionalText(),
  communitySafety: optionalText(),
  environmentalImpact: optionalText(),
  performanceRisk: optionalText(),
  equality: optionalText(),
  consultation: optionalText(),
  backgroundPapers: optionalText(),
  contactOfficer: required("the contact officer", 200),
  officerSignOff: required("the responsible officer", 200),
  officerSignedOn: z
    .union([z.literal(""), z.string().regex(DATE, "Enter the date as YYYY-MM-DD")])
    .optional()
    .transform((v) => v || null),
  portfolioHolderSignOff: required("the portfolio holder", 200),
  holderSignedOn: z
    .union([z.literal(""), z.string().regex(DATE, "Enter the date as YYYY-MM-DD")])
    .optional()
    .transform((v) => v || null),
});

export const REPORT_SECTIONS = [
  ["resources", "Resource and legal considerations: resources"],
  ["legal", "Resource and legal considerations: legal"],
  ["citizenImpact", "Citizen impact"],
  ["communitySafety", "Community safety"],
  ["environmentalImpact", "Environmental impact"],
  ["performanceRisk", "Performance and risk management"],
  ["equality", "Equality implications"],
  ["consultation", "Consultation"],
  ["backgroundPapers", "Background papers"],
] as const;

export const PAPER_MAX_BYTES = 10 * 1024 * 1024;
/** The fields that come with an uploaded file (the file itself is checked by its bytes). */
export const UploadPaperSchema = z.object({
  intent: z.literal("upload-paper"),
  idempotencyKey,
  itemId: id,
  title: z.string().trim().max(200, "Titles must be 200 characters or fewer").default(""),
  // An empty file input sends no file: the command says to choose one.
  file: z
    .instanceof(File, { error: "Choose a PDF or Word document to upload" })
    .optional()
    .transform((file) => file ?? null),
});
export const AttachVersionSchema = z.object({
  intent: z.literal("attach-version"),
  idempotencyKey,
  itemId: id,
  proposalSlug: z.string().trim().min(1, "Choose a proposal").max(80),
  versionNumber: z.coerce.number({ error: "Enter a version number" }).int().min(1, "Enter a version number"),
});

/** Overdue is not stored: it is an open action past its due date. */
export function displayStatus(action: { status: ActionStatus; dueOn: Date | string }, today: string): ActionStatus | "OVERDUE" {
  return action.status === "OPEN" && new Date(action.dueOn).toISOString().slice(0, 10) < today ? "OVERDUE" : action.status;
}

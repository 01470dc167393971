import { z } from "zod";
import { IdempotencyKey } from "#app/utils/idempotency";
import { dateField, requireAfter, timeField } from "#app/utils/date-time-fields";

export const SECTION_MAX = 20_000;

const sectionFields = z.object({
  number: z.array(z.string().trim().max(10, "Section numbers are at most 10 characters")),
  heading: z.array(z.string().trim().max(200, "Headings are at most 200 characters")),
  body: z.array(z.string().max(SECTION_MAX, `Sections are at most ${SECTION_MAX.toLocaleString("en-GB")} characters`)),
});

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export const ProposalFormSchema = z
  .object({
    intent: z.enum(["save", "preview", "add-section"]),
    title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(200, "Title must be 200 characters or fewer"),
    summary: z.string({ error: "Enter a short summary" }).trim().min(1, "Enter a short summary").max(600, "Summary must be 600 characters or fewer"),
    audience: z.enum(["PUBLIC", "INVITED"], { error: "Choose who can take part" }),
    premoderation: z
      .union([z.literal("on"), z.literal("true")])
      .optional()
      .transform(Boolean),
    reportThreshold: z.coerce
      .number({ error: "Enter how many reports hide a comment" })
      .int("Enter a whole number of reports")
      .min(1, "At least 1 report is needed to hide a comment")
      .max(50, "Use 50 reports or fewer")
      .default(3),
    opensDate: dateField("the discussion opens"),
    opensTime: timeField("the discussion opens").default("09:00"),
    closesDate: dateField("the discussion closes"),
    closesTime: timeField("the discussion closes").default("17:00"),
    number: z.preprocess(asArray, sectionFields.shape.number),
    heading: z.preprocess(asArray, sectionFields.shape.heading),
    body: z.preprocess(asArray, sectionFields.shape.body),
    // Only when revising a published proposal, which then needs it (see saveProposal).
    changeNote: z.string().trim().max(2000, "Change note must be 2,000 characters or fewer").optional(),
    idempotencyKey: IdempotencyKey,
  })
  .transform((form) => ({
    ...form,
    sections: form.heading
      .map((heading, i) => ({ number: form.number[i] ?? "", heading, body: form.body[i] ?? "" }))
      // Rows left completely empty are ignored (the form offers a spare one).
      .filter((s) => s.number || s.heading || s.body.trim()),
  }))
  .superRefine((form, ctx) => {
    const opens = { date: form.opensDate, time: form.opensTime };
    requireAfter(ctx, opens, { name: "closes", date: form.closesDate, time: form.closesTime }, "The discussion must close after it opens");
    if (form.intent === "save" && form.sections.length === 0) {
      ctx.addIssue({ code: "custom", path: ["heading"], message: "Add at least one section" });
    }
    form.sections.forEach((section, i) => {
      if (!section.number) ctx.addIssue({ code: "custom", path: ["number"], message: `Enter a number for section ${i + 1}, like 3a` });
      if (!section.heading) ctx.addIssue({ code: "custom", path: ["heading"], message: `Enter a heading for section ${section.number || i + 1}` });
      if (!section.body.trim()) ctx.addIssue({ code: "custom", path: ["body"], message: `Enter the text of section ${section.number || i + 1}` });
    });
    const numbers = form.sections.map((s) => s.number).filter(Boolean);
    if (new Set(numbers).size !== numbers.length) ctx.addIssue({ code: "custom", path: ["number"], message: "Each section needs a different number" });
  });
export type ProposalForm = z.output<typeof ProposalFormSchema>;

export const STATUS_INTENTS = ["publish", "open-early", "close-early", "review", "decide"] as const;
export type StatusIntent = (typeof STATUS_INTENTS)[number];

export const StatusChangeSchema = z
  .object({
    intent: z.enum(STATUS_INTENTS),
    reason: z.string().trim().max(500, "Reason must be 500 characters or fewer").optional(),
  })
  .superRefine((form, ctx) => {
    if ((form.intent === "open-early" || form.intent === "close-early") && !form.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Say why, so readers understand" });
    }
    if (form.intent === "decide" && !form.reason) {
      ctx.addIssue({ code: "custom", path: ["reason"], message: "Say what was decided, and by whom" });
    }
  });

/**
 * The editor's fields as typed, whatever they hold: what a preview or a new section answers
 * with, and what the form is drawn again with after an error. It never refuses anything.
 */
const typed = z.string().catch("");
const typedList = z.preprocess(asArray, z.array(z.string())).catch([]);
export const EditorValuesSchema = z
  .object({
    title: typed,
    summary: typed,
    audience: typed,
    premoderation: typed.transform((value) => value === "on"),
    reportThreshold: typed.transform((value) => value || "3"),
    opensDate: typed,
    opensTime: typed.transform((value) => value || "09:00"),
    closesDate: typed,
    closesTime: typed.transform((value) => value || "17:00"),
    number: typedList,
    heading: typedList,
    body: typedList,
  })
  .transform(({ number, heading, body, ...settings }) => ({
    ...settings,
    sections: heading.map((h, i) => ({ number: number[i] ?? "", heading: h, body: body[i] ?? "" })).filter((s) => s.number || s.heading || s.body.trim()),
  }));

export const InviteSchema = z.object({
  intent: z.literal("invite"),
  emails: z
    .string({ error: "Enter at least one email address" })
    .transform((text) => [
      ...new Set(
        text
          .split(/[\s,;]+/)
          .map((e) => e.trim().toLowerCase())
          .filter(Boolean),
      ),
    ])
    .pipe(
      z
        .array(z.email("Enter email addresses in the correct format, like name@example.com"))
        .min(1, "Enter at least one email address")
        .max(200, "Invite at most 200 people at a time"),
    ),
});

export const AcceptInvitationSchema = z.object({
  displayName: z
    .string({ error: "Enter the name other people will see" })
    .trim()
    .min(1, "Enter the name other people will see")
    .max(60, "Name must be 60 characters or fewer"),
  password: z.string({ error: "Enter a password" }).min(10, "Password must be 10 characters or more").max(200),
  stakeholderType: z.enum(["SERVICE_USER", "CARER", "VOLUNTARY_ORGANISATION", "STATUTORY_PARTNER", "STAFF", "ELECTED_MEMBER", "PUBLIC"], {
    error: "Select how you take part",
  }),
});

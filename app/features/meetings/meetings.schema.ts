import { z } from "zod";
import { IdempotencyKey } from "#app/utils/idempotency";
import { DATE, TIME } from "#app/utils/date-time-fields";

export const ACCESS_NEEDS = [
  { key: "wheelchair", label: "A wheelchair space", summary: "wheelchair space" },
  { key: "bsl", label: "A British Sign Language interpreter", summary: "BSL interpreter" },
  { key: "hearing-loop", label: "A hearing loop", summary: "hearing loop" },
  { key: "large-print", label: "Papers in large print", summary: "large print" },
  { key: "quiet-space", label: "A quiet space to take a break", summary: "quiet space" },
  { key: "dietary", label: "Dietary needs (tell us below)", summary: "dietary needs" },
] as const;
export type AccessNeed = (typeof ACCESS_NEEDS)[number]["key"];
const NEED_KEYS = ACCESS_NEEDS.map((n) => n.key) as [AccessNeed, ...AccessNeed[]];

const asArray = (value: unknown) => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

// A guest's form has the name and email fields (each must then be filled in); a signed-in
// person's has neither, and register() registers them as themselves.
export const RegisterSchema = z.object({
  name: z.string().trim().min(1, "Enter your name").max(100, "Name must be 100 characters or fewer").optional(),
  email: z
    .string()
    .trim()
    .max(254)
    .pipe(z.email("Enter an email address in the correct format, like name@example.com"))
    .transform((e) => e.toLowerCase())
    .optional(),
  accessNeeds: z.preprocess(asArray, z.array(z.enum(NEED_KEYS, { error: "Choose from the list" }))),
  accessOther: z
    .string()
    .trim()
    .max(500, "Tell us in 500 characters or fewer")
    .optional()
    .transform((v) => v || null),
  supporter: z
    .union([z.literal("on"), z.literal("true")])
    .optional()
    .transform(Boolean),
  idempotencyKey: IdempotencyKey,
});

export const CapacitySchema = z.object({
  intent: z.literal("capacity"),
  capacity: z.coerce
    .number({ error: "Enter the number of places" })
    .int("Enter a whole number of places")
    .min(1, "A meeting needs at least 1 place")
    .max(5000, "At most 5,000 places"),
});

export const CheckInSchema = z.object({
  intent: z.literal("check-in"),
  registrationId: z.string({ error: "Unknown registration" }).min(1, "Unknown registration").max(64, "Unknown registration"),
});
/** The check-in page's search (?q=): one longer than any name or code is ignored, as if none were typed. */
export const FindSchema = z.object({ q: z.string().trim().max(100).optional().catch(undefined) });
export const CancelOwnSchema = z.object({
  registrationId: z.string({ error: "Unknown registration" }).min(1, "Unknown registration").max(64, "Unknown registration"),
});
/** The emailed confirm and cancel links: the token in the address is all there is. */
export const TokenFormSchema = z.object({});

const checkbox = z
  .union([z.literal("on"), z.literal("true")])
  .optional()
  .transform(Boolean);
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .optional()
    .transform((v) => v || null);

export const MeetingFormSchema = z
  .object({
    title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(200, "Title must be 200 characters or fewer"),
    description: z.string({ error: "Describe the meeting" }).trim().min(1, "Describe the meeting").max(3000, "Description must be 3,000 characters or fewer"),
    date: z.string().regex(DATE, "Enter the date of the meeting (YYYY-MM-DD)"),
    startTime: z.string().regex(TIME, "Enter the start time (HH:MM)"),
    endTime: z.string().regex(TIME, "Enter the end time (HH:MM)"),
    venueName: optionalText(120, "Venue names are at most 120 characters"),
    venueAddress: optionalText(300, "Addresses are at most 300 characters"),
    stepFreeAccess: checkbox,
    hearingLoop: checkbox,
    accessibleToilets: checkbox,
    parking: optionalText(200, "Parking notes are at most 200 characters"),
    onlineUrl: z
      .union([z.literal(""), z.url({ protocol: /^https$/, message: "Enter the online link in full, starting https://" })])
      .optional()
      .transform((v) => v || null),
    capacity: z.coerce
      .number({ error: "Enter the number of places" })
      .int("Enter a whole number of places")
      .min(1, "A meeting needs at least 1 place")
      .max(5000, "At most 5,000 places"),
    registrationOpensDate: z.string().regex(DATE, "Enter when registration opens (YYYY-MM-DD)"),
    registrationClosesDate: z.string().regex(DATE, "Enter when registration closes (YYYY-MM-DD)"),
    proposalId: z
      .string()
      .max(64)
      .optional()
      .transform((v) => v || null),
  })
  .superRefine((form, ctx) => {
    if (form.endTime <= form.startTime) ctx.addIssue({ code: "custom", path: ["endTime"], message: "The meeting must end after it starts" });
    if (form.registrationClosesDate <= form.registrationOpensDate)
      ctx.addIssue({ code: "custom", path: ["registrationClosesDate"], message: "Registration must close after it opens" });
    if (form.registrationClosesDate > form.date)
      ctx.addIssue({ code: "custom", path: ["registrationClosesDate"], message: "Registration must close by the day of the meeting" });
    if (!form.venueName && !form.onlineUrl) ctx.addIssue({ code: "custom", path: ["venueName"], message: "Give a venue, an online link, or both" });
  });
export type MeetingForm = z.output<typeof MeetingFormSchema>;

export const AskSchema = z.object({
  intent: z.literal("ask"),
  text: z.string({ error: "Write your question" }).trim().min(1, "Write your question").max(500, "Questions are at most 500 characters"),
  anonymous: z
    .union([z.literal("on"), z.literal("true")])
    .optional()
    .transform(Boolean),
  idempotencyKey: IdempotencyKey,
});
export const VoteSchema = z.object({ intent: z.literal("vote"), questionId: z.string().min(1).max(64) });
export const ModerateSchema = z.object({ intent: z.enum(["answered", "hide", "reopen"]), questionId: z.string().min(1).max(64) });

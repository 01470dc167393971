import { z } from "zod";
import { ADJUSTABLE_RULES, RETENTION_RULES, type RetentionRuleName } from "./retention";

export const TEXT_CHOICES = {
  remove: "Remove what I wrote",
  keep: "Keep what I wrote, as “Former participant”",
} as const;
export type TextChoice = keyof typeof TEXT_CHOICES;

const textChoice = z.enum(["remove", "keep"], { error: "Choose what happens to your comments and messages" });

export const DeleteAccountSchema = z.object({
  text: textChoice,
  password: z.string({ error: "Enter your password" }).min(1, "Enter your password"),
});

const reference = z
  .string({ error: "Enter the reference of the request" })
  .trim()
  .min(3, "Enter the reference of the request, at least 3 characters")
  .max(100, "The reference must be 100 characters or fewer");

export const SubjectAccessSchema = z.object({ intent: z.literal("export"), reference });

export const AdminErasureSchema = z.object({
  intent: z.literal("erase"),
  erasureReference: reference,
  text: z.enum(["remove", "keep"], { error: "Choose what happens to their comments and messages" }),
  confirm: z.literal("yes", { error: "Confirm that this account should be deleted" }),
});

export const AdminPrivacyActionSchema = z.discriminatedUnion("intent", [SubjectAccessSchema, AdminErasureSchema], {
  error: "Choose what to do",
});

/** One whole number of days for each adjustable rule, within the bounds the rule allows. */
export const RetentionSettingsSchema = z.object(
  Object.fromEntries(
    ADJUSTABLE_RULES.map((name) => {
      const { minDays, maxDays } = RETENTION_RULES[name];
      const message = `Enter a whole number of days from ${minDays} to ${maxDays}`;
      return [name, z.coerce.number({ error: message }).int(message).min(minDays, message).max(maxDays, message)];
    }),
  ) as Record<RetentionRuleName, z.ZodNumber>,
);
export type RetentionSettingsInput = z.output<typeof RetentionSettingsSchema>;

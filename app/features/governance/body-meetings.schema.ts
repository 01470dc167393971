import { z } from "zod";
import { DATE, TIME } from "#app/utils/date-time-fields";

export const BodyMeetingSchema = z
  .object({
    intent: z.literal("add-meeting"),
    /** The form's idempotency key (checked by sendOnce). */
    idempotencyKey: z.string().optional(),
    title: z.string({ error: "Enter a title" }).trim().min(1, "Enter a title").max(200, "At most 200 characters"),
    date: z.string({ error: "Enter the date" }).regex(DATE, "Enter the date (YYYY-MM-DD)"),
    startTime: z.string({ error: "Enter the start time" }).regex(TIME, "Enter the start time (HH:MM)"),
    endTime: z.string({ error: "Enter the end time" }).regex(TIME, "Enter the end time (HH:MM)"),
    venue: z
      .string()
      .trim()
      .max(200, "At most 200 characters")
      .optional()
      .transform((v) => v || null),
    jointWithForum: z
      .union([z.literal("on"), z.literal("true")])
      .optional()
      .transform(Boolean),
    agenda: z
      .string()
      .max(5000, "The agenda is at most 5,000 characters")
      .optional()
      .transform((text) =>
        (text ?? "")
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter(Boolean),
      ),
  })
  .refine((m) => m.endTime > m.startTime, { path: ["endTime"], message: "The meeting must end after it starts" });

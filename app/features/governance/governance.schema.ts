import { z } from "zod";
import { DATE } from "#app/utils/date-time-fields";

export const AppointSchema = z
  .object({
    intent: z.literal("appoint"),
    seatId: z.string().min(1).max(64),
    holderName: z.string({ error: "Enter who holds the place" }).trim().min(1, "Enter who holds the place").max(120, "Names are at most 120 characters"),
    startsOn: z.string({ error: "Enter the start date" }).regex(DATE, "Enter the start date as YYYY-MM-DD"),
    endsOn: z
      .union([z.literal(""), z.string().regex(DATE, "Enter the end date as YYYY-MM-DD")])
      .optional()
      .transform((v) => v || null),
  })
  .refine((form) => !form.endsOn || form.endsOn >= form.startsOn, { path: ["endsOn"], message: "The term must end after it starts" });

export const EndAppointmentSchema = z.object({
  intent: z.literal("end"),
  appointmentId: z.string().min(1).max(64),
  endReason: z
    .string({ error: "Say why the place is now vacant" })
    .trim()
    .min(1, "Say why the place is now vacant")
    .max(200, "Reason must be 200 characters or fewer"),
});

export const FILL_METHOD_LABELS = {
  ELECTED: "Elected by the Forum",
  EX_OFFICIO: "Ex officio (by post)",
  APPOINTED: "Appointed",
  CO_OPTED: "Co-opted",
  ADVISORY: "Advisory",
} as const;

export const SecretarySchema = z.object({ email: z.email({ error: "Enter an email address, like name@example.org" }).trim().max(254) });

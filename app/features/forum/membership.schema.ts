import { z } from "zod";
import { ForumCategory } from "#app/generated/prisma/enums";

export const FORUM_CATEGORY_LABELS: Record<ForumCategory, string> = {
  SERVICE_USER: "Service user",
  CARER: "Carer",
  VOLUNTARY_SECTOR: "Voluntary-sector organisation representative",
  SUPPORTER: "Supporter",
};

// The shape of a UK postcode (not proof that it exists: officers check residency).
const UK_POSTCODE = /^([A-Z]{1,2}\d[A-Z\d]?) ?(\d[A-Z]{2})$/;

export const ApplySchema = z.object({
  category: z.enum(ForumCategory, { error: "Select how you would take part in the Forum" }),
  postcode: z
    .string({ error: "Enter your postcode" })
    .trim()
    .min(1, "Enter your postcode")
    .transform((p) => p.toUpperCase().replace(/\s+/g, ""))
    .refine((p) => UK_POSTCODE.test(p), "Enter a real postcode, like M6 5JA")
    .transform((p) => p.replace(UK_POSTCODE, "$1 $2")),
});

export const DecideSchema = z
  .object({
    intent: z.enum(["verify", "decline", "end"]),
    membershipId: z.string().min(1).max(64),
    residentVerified: z
      .union([z.literal("on"), z.literal("true")])
      .optional()
      .transform(Boolean),
    reason: z.string().trim().max(300, "Reason must be 300 characters or fewer").optional(),
  })
  .refine((form) => form.intent === "verify" || !!form.reason, { path: ["reason"], message: "Give a reason; the person will see it" });

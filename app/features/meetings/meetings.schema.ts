import { z } from "zod";

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

export const RegisterSchema = z.object({
  name: z.string().trim().max(100, "Name must be 100 characters or fewer").optional(),
  email: z.string().trim().max(254).optional(),
  accessNeeds: z.preprocess(asArray, z.array(z.enum(NEED_KEYS, { error: "Choose from the list" }))),
  accessOther: z.string().trim().max(500, "Tell us in 500 characters or fewer").optional().transform((v) => v || null),
  supporter: z.union([z.literal("on"), z.literal("true")]).optional().transform(Boolean),
});

/** Guests must give a name and an email address; signed-in people already have both. */
export const GuestSchema = z.object({
  name: z.string({ error: "Enter your name" }).trim().min(1, "Enter your name"),
  email: z.email("Enter an email address in the correct format, like name@example.com").transform((e) => e.toLowerCase()),
});

export const CapacitySchema = z.object({
  intent: z.literal("capacity"),
  capacity: z.coerce.number({ error: "Enter the number of places" }).int("Enter a whole number of places").min(1, "A meeting needs at least 1 place").max(5000, "At most 5,000 places"),
});

export const CheckInSchema = z.object({ intent: z.literal("check-in"), registrationId: z.string().min(1).max(64) });
export const FindSchema = z.object({ q: z.string().trim().max(100).optional() });
export const CancelOwnSchema = z.object({ registrationId: z.string().min(1).max(64) });

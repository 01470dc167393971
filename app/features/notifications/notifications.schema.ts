import { z } from "zod";
import { EmailFrequency } from "#app/generated/prisma/enums";

export const NOTIFICATION_KINDS = [
  { kind: "reply", label: "Replies to my comments and Forum messages" },
  { kind: "mention", label: "Mentions of me in the Forum" },
  { kind: "announcement", label: "Forum announcements" },
  { kind: "new-version", label: "New versions of proposals I commented on" },
  { kind: "consultation-outcome", label: "What was done with feedback I gave" },
  { kind: "election-milestone", label: "Forum elections: nominations and voting opening" },
  { kind: "election-result", label: "Forum election results" },
  { kind: "body-papers", label: "Papers and minutes of bodies I follow" },
  { kind: "action", label: "Actions I own from Board meetings" },
  { kind: "safeguarding", label: "Safeguarding alerts (moderators)" },
  { kind: "seat-change", label: "Seats that fall vacant on bodies I keep (secretaries)" },
] as const;
// Kinds shown only in Touchstone: their email is sent on its own (a meeting reminder carries
// its calendar file), so there is no email setting for them.
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number]["kind"] | "meeting-reminder";

export const FREQUENCY_LABELS: Record<EmailFrequency, string> = {
  IMMEDIATELY: "Straight away",
  DAILY: "Daily summary",
  WEEKLY: "Weekly summary",
  OFF: "No emails",
};

export const PreferencesSchema = z.object(
  Object.fromEntries(NOTIFICATION_KINDS.map((k) => [k.kind, z.enum(EmailFrequency, { error: "Choose how often" })])) as Record<
    NotificationKind,
    z.ZodEnum<typeof EmailFrequency>
  >,
);

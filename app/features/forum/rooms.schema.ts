import { z } from "zod";
import { IdempotencyKey } from "#app/utils/idempotency";
import { ForumCategory } from "#app/generated/prisma/enums";

export const MESSAGE_MAX = 2000;
const id = z.string({ error: "Unknown message" }).trim().min(1, "Unknown message").max(40);

export const MessageBody = z
  .string({ error: "Write a message" })
  .trim()
  .min(1, "Write a message")
  .max(MESSAGE_MAX, `Messages must be ${MESSAGE_MAX.toLocaleString("en-GB")} characters or fewer`);

export const REACTIONS = {
  "👍": "thumbs up",
  "❤️": "heart",
  "😂": "laughing",
  "😮": "surprised",
  "🙏": "thank you",
} as const;
export type Reaction = keyof typeof REACTIONS;
const ReactionSchema = z.enum(Object.keys(REACTIONS) as [Reaction, ...Reaction[]], { error: "Choose one of the reactions" });

// Socket events: each is parsed before anything else happens.
// clientMessageId: the composer's idempotency key, so a resent message (no ack before the
// connection dropped) is stored once.
export const SendSchema = z.object({ roomId: id, body: MessageBody, parentId: id.optional(), clientMessageId: IdempotencyKey });
export const TypingSchema = z.object({ roomId: id });
export const ReadSchema = z.object({ roomId: id });

// Forms (the same commands, without JavaScript).
export const PostFormSchema = z.object({ intent: z.literal("post"), body: MessageBody, parentId: id.optional(), idempotencyKey: IdempotencyKey });
export const EditFormSchema = z.object({ intent: z.literal("edit"), messageId: id, body: MessageBody });
export const MessageIntentSchema = z.object({ intent: z.enum(["delete", "pin", "unpin"]), messageId: id });
export const ReactFormSchema = z.object({ intent: z.enum(["react", "unreact"]), messageId: id, emoji: ReactionSchema });
export const ReportFormSchema = z.object({
  intent: z.literal("report"),
  messageId: id,
  reason: z.string({ error: "Say what is wrong" }).trim().min(3, "Say what is wrong").max(500, "Reasons must be 500 characters or fewer"),
});
export const ModerateFormSchema = z.object({
  intent: z.enum(["hide", "restore"]),
  messageId: id,
  reason: z.string({ error: "Give a reason" }).trim().min(3, "Give a reason").max(500, "Reasons must be 500 characters or fewer"),
});

export const RoomFormSchema = z.object({
  intent: z.literal("create-room"),
  name: z.string({ error: "Enter a name" }).trim().min(2, "Enter a name").max(60, "Names must be 60 characters or fewer"),
  description: z.string().trim().max(300, "Descriptions must be 300 characters or fewer").default(""),
  categories: z.preprocess(
    (v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]),
    z.array(z.enum(ForumCategory, { error: "Choose categories from the list" })),
  ),
});
export const ArchiveRoomSchema = z.object({ intent: z.enum(["archive", "unarchive"]), roomId: id });
export const HandleAlertSchema = z.object({ intent: z.literal("handle-alert"), alertId: id });
/** History paging: the id of the oldest message shown; anything else shows the latest page. */
export const HistoryQuerySchema = z.object({
  before: z
    .string()
    .regex(/^[a-z0-9]{10,40}$/)
    .optional()
    .catch(undefined),
});

const text = (label: string, max = 4000) =>
  z
    .string({ error: `Enter ${label}` })
    .trim()
    .min(1, `Enter ${label}`)
    .max(max, `This must be ${max.toLocaleString("en-GB")} characters or fewer`);

export const ReportBackSchema = z.object({
  seatId: z.string({ error: "Choose your seat" }).trim().min(1, "Choose your seat").max(40),
  meetingId: z.string({ error: "Choose the meeting" }).trim().min(1, "Choose the meeting").max(40),
  discussed: text("what was discussed"),
  decided: text("what was decided"),
  questions: z.string().trim().max(2000, "This must be 2,000 characters or fewer").default(""),
  idempotencyKey: IdempotencyKey,
});

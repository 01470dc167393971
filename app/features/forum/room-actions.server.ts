import type { Publisher } from "~/utils/realtime";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { EditFormSchema, MessageIntentSchema, ModerateFormSchema, PostFormSchema, ReactFormSchema, ReportFormSchema, type Reaction } from "./rooms.schema";
import type { ForumReader } from "./rooms.policy";
import { deleteMessage, editMessage, moderateMessage, react, reportMessage, sendMessage, setPinned } from "./rooms.server";

type Body = { ok: boolean; errors?: FieldErrors; done?: string; crisis?: boolean; messageId?: string };

const SCHEMAS = {
  post: PostFormSchema,
  edit: EditFormSchema,
  delete: MessageIntentSchema,
  pin: MessageIntentSchema,
  unpin: MessageIntentSchema,
  react: ReactFormSchema,
  unreact: ReactFormSchema,
  report: ReportFormSchema,
  hide: ModerateFormSchema,
  restore: ModerateFormSchema,
} as const;

/** Every form on a room page: parsed with its schema, then the same command the socket uses. */
export async function handleRoomAction(reader: ForumReader, roomId: string, formData: FormData, publisher: Publisher): Promise<{ status: number; body: Body }> {
  const intent = String(formData.get("intent") ?? "") as keyof typeof SCHEMAS;
  const schema = SCHEMAS[intent];
  if (!schema) return { status: 400, body: { ok: false, errors: { form: ["Choose what to do"] } } };
  const form = parseForm(formData, schema);
  if (!form.success) return { status: 400, body: { ok: false, errors: form.errors, messageId: String(formData.get("messageId") ?? "") || undefined } };
  const input = form.data as Record<string, string> & { intent: string };
  const result = await run(reader, roomId, input, publisher);
  if (!result.ok) return { status: result.status, body: { ok: false, errors: result.errors, messageId: input.messageId } };
  return { status: 200, body: { ok: true, done: `${intent}:${Date.now()}`, crisis: "crisis" in result && result.crisis === true } };
}

function run(reader: ForumReader, roomId: string, input: Record<string, string> & { intent: string }, publisher: Publisher) {
  switch (input.intent) {
    case "post":
      return sendMessage(reader, roomId, { body: input.body, parentId: input.parentId, clientMessageId: input.idempotencyKey }, publisher);
    case "edit":
      return editMessage(reader, input.messageId, input.body, publisher);
    case "delete":
      return deleteMessage(reader, input.messageId, publisher);
    case "pin":
    case "unpin":
      return setPinned(reader, input.messageId, input.intent === "pin", publisher);
    case "react":
    case "unreact":
      return react(reader, input.messageId, input.emoji as Reaction, input.intent === "react", publisher);
    case "report":
      return reportMessage(reader, input.messageId, input.reason, publisher);
    default:
      return moderateMessage(reader, input.messageId, input.intent as "hide" | "restore", input.reason, publisher);
  }
}

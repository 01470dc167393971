import type { SessionUser } from "~/utils/auth.server";
import { parseForm, type FieldErrors, type FormResult } from "~/utils/forms";
import type { Publisher } from "~/utils/realtime";
import type { Failure } from "~/utils/results";
import { readFormWithUpload } from "~/utils/uploads.server";
import { addAction, updateAction } from "./actions.server";
import { ActionSchema, ActionUpdateSchema, ApproveMinutesSchema, AttachVersionSchema, AttendanceSchema, DecisionSchema, ItemMinutesSchema, PAPER_MAX_BYTES, PublishSchema, UploadPaperSchema, votesFrom } from "./meeting-business.schema";
import { approveMinutes, publish, recordAttendance, recordDecision, saveItemMinutes } from "./minutes.server";
import { attachProposalVersion, uploadPaper } from "./papers.server";
import { IDEMPOTENCY_FIELD, IdempotencyKey } from "~/utils/idempotency";
import { submitOnce, type Submission } from "~/utils/idempotency.server";

export type MeetingReply = { ok: boolean; errors?: FieldErrors; done?: string; scope?: string };
type Result = { status: number; ok: boolean; body: MeetingReply };

const ok = (done: string, scope?: string): Result => ({ status: 200, ok: true, body: { ok: true, done, scope } });
const refused = (status: number, errors: FieldErrors, scope?: string): Result => ({ status, ok: false, body: { ok: false, errors, scope } });

/** Reads the request (an upload comes as multipart, size-limited while it streams in). */
async function readForm(request: Request): Promise<FormData | Result> {
  return (await readFormWithUpload(request, PAPER_MAX_BYTES)) ?? refused(400, { file: ["The file must be 10 MB or smaller"] }, "paper");
}

/** Every form on a meeting page: parsed with its schema, then one command. */
export async function handleMeetingAction(actor: SessionUser, bodySlug: string, meetingId: string, request: Request, publisher: Publisher): Promise<Result> {
  const formData = await readForm(request);
  if (!(formData instanceof FormData)) return formData;
  const intent = String(formData.get("intent") ?? "");
  const scope = String(formData.get("itemId") ?? formData.get("actionId") ?? intent);
  const key = IdempotencyKey.safeParse(formData.get(IDEMPOTENCY_FIELD) ?? undefined);
  if (!key.success) return refused(400, { form: key.error.issues.map((i) => i.message) }, scope);
  // Forms that add something (a decision, an action, an update, a paper) are sent once.
  const submission: Submission = { owner: actor.id, key: CREATES.has(intent) ? key.data : undefined, scope: `meeting:${meetingId}:${intent}` };
  return submitOnce(submission, () => dispatch(actor, bodySlug, meetingId, formData, intent, scope, publisher), () => refused(409, { form: ["This form has already been sent: reload the page to see it"] }, scope));
}

const CREATES = new Set(["decision", "add-action", "update-action", "attach-version", "upload-paper"]);

async function dispatch(actor: SessionUser, bodySlug: string, meetingId: string, formData: FormData, intent: string, scope: string, publisher: Publisher): Promise<Result> {
  const run = async <D>(parsed: FormResult<D>, command: (data: D) => Promise<{ ok: true } | Failure>, done: string): Promise<Result> => {
    if (!parsed.success) return refused(400, parsed.errors, scope);
    const result = await command(parsed.data);
    return result.ok ? ok(done, scope) : refused(result.status, result.errors, scope);
  };
  switch (intent) {
    case "attendance":
      return run(parseForm(formData, AttendanceSchema), (d) => recordAttendance(actor, bodySlug, meetingId, d), "Attendance recorded");
    case "item-minutes":
      return run(parseForm(formData, ItemMinutesSchema), (d) => saveItemMinutes(actor, bodySlug, meetingId, d.itemId, d.minutes), "Minutes saved");
    case "decision": {
      const votes = votesFrom(formData);
      if ("error" in votes) return refused(400, { voteTaken: [votes.error] }, scope);
      return run(parseForm(formData, DecisionSchema), (d) => recordDecision(actor, bodySlug, meetingId, { ...d, votes }), "Decision recorded");
    }
    case "add-action":
      return run(parseForm(formData, ActionSchema), (d) => addAction(actor, bodySlug, meetingId, d, publisher), "Action recorded");
    case "update-action":
      return run(parseForm(formData, ActionUpdateSchema), (d) => updateAction(actor, d.actionId, d), "Update added");
    case "publish-papers":
    case "publish-minutes":
      return run(parseForm(formData, PublishSchema), (d) => publish(actor, bodySlug, meetingId, d.intent === "publish-papers" ? "papers" : "minutes", publisher), intent === "publish-papers" ? "Papers published" : "Draft minutes published");
    case "approve-minutes":
      return run(parseForm(formData, ApproveMinutesSchema), (d) => approveMinutes(actor, bodySlug, meetingId, d.earlierMeetingId), "Minutes approved as a correct record");
    case "attach-version":
      return run(parseForm(formData, AttachVersionSchema), (d) => attachProposalVersion(actor, bodySlug, d), "Paper added");
    case "upload-paper": {
      const file = formData.get("file");
      return run(parseForm(formData, UploadPaperSchema), (d) => uploadPaper(actor, bodySlug, { ...d, file: file instanceof File ? file : null }), "Paper added");
    }
    default:
      return refused(400, { form: ["Choose what to do"] });
  }
}

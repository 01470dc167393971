import type { AppLoadContext } from "@remix-run/node";
import type { SessionUser } from "~/utils/auth.server";
import { requireUser } from "~/utils/permissions.server";
import { findProposalAccess } from "./proposals.server";
import type { FieldErrors } from "~/utils/forms";
import type { Publisher } from "~/utils/realtime";
import { agreeWithComment, deleteComment, editComment, moderateComment, postComment, reportComment } from "./comments.server";
import { CommentActionSchema } from "./consultations.schema";

export type CommentActionResult =
  | { ok: true; commentId: string; crisis: boolean; pending: boolean }
  | { ok: false; status: number; formId: string; errors: FieldErrors; values: Record<string, string> };

/** Which form on the page an answer belongs to, so its errors appear beside it. */
function formIdFor(raw: Record<string, string>): string {
  const id = raw.commentId ?? "";
  switch (raw.intent) {
    case "comment":
      return raw.parentId ? `reply-${raw.parentId}` : "have-your-say";
    case "edit":
      return `edit-${id}`;
    case "report":
      return `report-${id}`;
    case "hide":
    case "restore":
    case "approve":
      return `moderate-${id}`;
    default:
      return "comments";
  }
}

/** One entry point for every comment action on a proposal page (and any other adapter). */
export async function handleCommentAction(user: SessionUser, proposalId: string, formData: FormData, publisher: Publisher): Promise<CommentActionResult> {
  const raw = Object.fromEntries([...formData.entries()].filter(([, v]) => typeof v === "string")) as Record<string, string>;
  const formId = formIdFor(raw);
  const values = { body: raw.body ?? "", reason: raw.reason ?? "", stance: raw.stance ?? "" };
  const parsed = CommentActionSchema.safeParse(raw);
  if (!parsed.success) {
    const errors: FieldErrors = {};
    for (const issue of parsed.error.issues) (errors[issue.path.length ? String(issue.path[0]) : "form"] ??= []).push(issue.message);
    return { ok: false, status: 400, formId, errors, values };
  }
  const input = parsed.data;
  const result = await (async () => {
    switch (input.intent) {
      case "comment":
        return postComment(user, proposalId, input, publisher);
      case "edit":
        return editComment(user, proposalId, input.commentId, input.body, publisher);
      case "delete":
        return deleteComment(user, proposalId, input.commentId, publisher);
      case "agree":
        return agreeWithComment(user, proposalId, input.commentId, publisher);
      case "report":
        return reportComment(user, proposalId, input.commentId, input.reason, publisher);
      default:
        return moderateComment(user, proposalId, input, publisher);
    }
  })();
  if (!result.ok) return { ok: false, status: result.status, formId, errors: result.errors, values };
  const outcome = result as { commentId?: string; crisis?: boolean; pending?: boolean };
  return {
    ok: true,
    commentId: outcome.commentId ?? ("commentId" in input ? input.commentId : ""),
    crisis: outcome.crisis ?? false,
    pending: outcome.pending ?? false,
  };
}

/** The route adapter's part: who is asking, may they see this proposal, then the action. */
export async function commentActionFromRequest(request: Request, slug: string | undefined, context: AppLoadContext) {
  const user = requireUser(context, request);
  const proposal = await findProposalAccess({ slug: slug ?? "" }, user);
  if (!proposal) throw new Response("Not found", { status: 404 });
  return handleCommentAction(user, proposal.id, await request.formData(), context.publisher);
}

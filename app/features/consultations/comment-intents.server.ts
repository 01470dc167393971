import type { SessionUser } from "#app/utils/auth.server";
import type { IntentBuilder } from "#app/utils/form-actions.server";
import type { Publisher } from "#app/utils/realtime";
import { agreeWithComment, deleteComment, editComment, moderateComment, postComment, reportComment } from "./comments.server";
import {
  COMMENT_LIST_FORM,
  CommentIdSchema,
  EditCommentSchema,
  ModerateSchema,
  NewCommentSchema,
  ReportSchema,
  commentForm,
  newCommentForm,
  typedComment,
} from "./consultations.schema";

/** What every comment form's action needs: who acts, on which (readable) proposal. */
export type CommentActionContext = { actor: SessionUser; proposalId: string; publisher: Publisher };
export type CommentDone = { commentId: string; crisis?: boolean; pending?: boolean };

/**
 * The intents of the comment forms, declared once for every page that shows comments (the
 * proposal, a comment's thread); `back` says where each page goes after a success.
 */
export function commentIntents<Context extends CommentActionContext>(intent: IntentBuilder<Context>, back: (made: CommentDone, context: Context) => Response) {
  const success = (made: CommentDone, _input: unknown, context: Context) => back(made, context);
  // A moderator's three acts share a form, a schema and a command.
  const moderate = intent({
    schema: ModerateSchema,
    form: commentForm("moderate"),
    keep: typedComment,
    run: (input, { actor, proposalId, publisher }) => moderateComment(actor, proposalId, input, publisher),
    success,
  });
  return {
    comment: intent({
      schema: NewCommentSchema,
      form: newCommentForm,
      keep: typedComment,
      run: (input, { actor, proposalId, publisher }) => postComment(actor, proposalId, input, publisher),
      success,
    }),
    edit: intent({
      schema: EditCommentSchema,
      form: commentForm("edit"),
      keep: typedComment,
      run: (input, { actor, proposalId, publisher }) => editComment(actor, proposalId, input.commentId, input.body, publisher),
      success,
    }),
    delete: intent({
      schema: CommentIdSchema,
      form: COMMENT_LIST_FORM,
      keep: typedComment,
      run: (input, { actor, proposalId, publisher }) => deleteComment(actor, proposalId, input.commentId, publisher),
      success,
    }),
    agree: intent({
      schema: CommentIdSchema,
      form: COMMENT_LIST_FORM,
      keep: typedComment,
      run: (input, { actor, proposalId, publisher }) => agreeWithComment(actor, proposalId, input.commentId, publisher),
      success,
    }),
    report: intent({
      schema: ReportSchema,
      form: commentForm("report"),
      keep: typedComment,
      run: (input, { actor, proposalId, publisher }) => reportComment(actor, proposalId, input.commentId, input.reason, publisher),
      success,
    }),
    hide: moderate,
    restore: moderate,
    approve: moderate,
  };
}

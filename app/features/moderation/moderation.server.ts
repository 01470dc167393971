import { type Prisma } from "#app/generated/prisma/client";
import type { ModerationState } from "#app/generated/prisma/enums";
import type { Db } from "#app/utils/db.server";
import { fail, ok, type CommandResult } from "#app/utils/results";

// One moderation mechanism for everything people write: consultation comments and Forum
// messages. Reports (hiding automatically at a threshold), moderators' hide / restore /
// approve with a reason, the audit of every act, and safeguarding alerts all live here.

export type ModeratedSubject = { kind: "comment"; id: string } | { kind: "message"; id: string };
type Tx = Prisma.TransactionClient | Db;

const ref = (subject: ModeratedSubject) => (subject.kind === "comment" ? { commentId: subject.id } : { messageId: subject.id });

async function bumpReportCount(tx: Tx, subject: ModeratedSubject): Promise<number> {
  const data = { reportCount: { increment: 1 } };
  const select = { reportCount: true };
  const row =
    subject.kind === "comment"
      ? await tx.comment.update({ where: { id: subject.id }, data, select })
      : await tx.forumMessage.update({ where: { id: subject.id }, data, select });
  return row.reportCount;
}

async function changeState(tx: Tx, subject: ModeratedSubject, from: ModerationState[], to: ModerationState, reason: string | null): Promise<boolean> {
  const where = { id: subject.id, moderation: { in: from } };
  const data = { moderation: to, moderationReason: reason };
  const { count } = subject.kind === "comment" ? await tx.comment.updateMany({ where, data }) : await tx.forumMessage.updateMany({ where, data });
  return count === 1;
}

export const AUTO_HIDE_REASON = "Hidden while a moderator reviews reports about it";

/**
 * Records one person's report. The report that reaches the threshold hides the text (once,
 * however many arrive together) and the automatic hide is audited. A second report by the
 * same person is refused (409); the caller says so in its own words.
 */
export async function recordReport(
  tx: Prisma.TransactionClient,
  subject: ModeratedSubject,
  reporterId: string,
  reason: string,
  threshold: number,
): Promise<CommandResult<{ hidden: boolean }>> {
  // ON CONFLICT DO NOTHING rather than catching the unique violation, which would abort the
  // caller's transaction: a second report by the same person simply changes nothing.
  const { count } = await tx.commentReport.createMany({ data: [{ ...ref(subject), reporterId, reason }], skipDuplicates: true });
  if (count === 0) return fail(409, "reason", "You have already reported this");
  const reportCount = await bumpReportCount(tx, subject);
  if (reportCount < threshold) return ok({ hidden: false });
  const changed = await changeState(tx, subject, ["VISIBLE"], "HIDDEN", AUTO_HIDE_REASON);
  if (changed) await tx.moderationAction.create({ data: { ...ref(subject), actorId: null, action: "AUTO_HIDE", reason: `${reportCount} reports` } });
  return ok({ hidden: changed });
}

export type ModerationIntent = "hide" | "restore" | "approve";
const FROM: Record<ModerationIntent, ModerationState[]> = { hide: ["VISIBLE", "PENDING"], restore: ["HIDDEN"], approve: ["PENDING"] };
const ACTION = { hide: "HIDE", restore: "RESTORE", approve: "APPROVE" } as const;

/** A moderator's act, with the reason, audited. False when someone else got there first. */
export async function applyModeration(
  tx: Prisma.TransactionClient,
  subject: ModeratedSubject,
  actorId: string,
  intent: ModerationIntent,
  reason: string,
): Promise<boolean> {
  const to: ModerationState = intent === "hide" ? "HIDDEN" : "VISIBLE";
  const changed = await changeState(tx, subject, FROM[intent], to, to === "HIDDEN" ? reason : null);
  if (changed) await tx.moderationAction.create({ data: { ...ref(subject), actorId, action: ACTION[intent], reason } });
  return changed;
}

import { Prisma } from "#app/generated/prisma/client";
import type { ModerationState, StakeholderType, Stance } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { answerOnce, earlierAnswer, type Submission } from "#app/utils/idempotency.server";
import { inTransaction, type Outbox } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { notify, type NewNotification } from "#app/features/notifications/notifications.server";
import { applyModeration, recordReport } from "#app/features/moderation/moderation.server";
import { raiseConcern } from "#app/features/safeguarding/raise-concern.server";
import type { CommentListQuery, NewCommentInput } from "./consultations.schema";
import { canDeleteComment, canEditComment, canModerate, discussionState } from "./consultations.policy";
import { proposalRoom, type CommentCreatedPayload, type CommentUpdatedPayload } from "./consultations.events";
import { quoteOf, renderCommentMarkdown, sectionParagraphs } from "./markdown.server";
import { fail, ok, type CommandResult, type Failure } from "#app/utils/results";
import { mayViewProposal, readersOf } from "./proposals.server";
import { unconfirmedEmail } from "#app/features/accounts/accounts.policy";
import { checkFloodLimit } from "#app/utils/flood-control.server";
import { publishableResponse, respondentOf, respondentSelect } from "./respondents";

export const PAGE_SIZE = 50;
export const REPLIES_SHOWN = 3;
export const REPLY_PAGE_SIZE = 20;
const MAX_DEPTH = 2;

const REFUSALS: Record<string, string> = {
  "not-open": "This proposal is not open for comments",
  "not-yet-open": "The discussion period has not started yet",
  closed: "The discussion period has closed, so comments can no longer be added",
};

// ------------------------------------------------------------------ reading

const commentSelect = {
  id: true,
  parentId: true,
  depth: true,
  sectionId: true,
  paragraphIndex: true,
  quote: true,
  authorId: true,
  onBehalfOf: true,
  stance: true,
  body: true,
  moderation: true,
  moderationReason: true,
  agreeCount: true,
  replyCount: true,
  createdAt: true,
  editedAt: true,
  deletedAt: true,
  ...respondentSelect,
  section: { select: { number: true, heading: true } },
} satisfies Prisma.CommentSelect;
type CommentRow = Prisma.CommentGetPayload<{ select: typeof commentSelect }>;

export type CommentView = {
  id: string;
  parentId: string | null;
  depth: number;
  section: { id: string; number: string; heading: string } | null;
  paragraphIndex: number | null;
  quote: string | null;
  /** No badge for a former participant (a deleted account): nothing says who they were. */
  author: { displayName: string; stakeholderType: StakeholderType | null; onBehalfOf: string | null };
  stance: Stance | null;
  /** Rendered, sanitised body; null when the comment is deleted or hidden. */
  html: string | null;
  /** The author's own Markdown, given only while they may still edit it. */
  source: string | null;
  state: "visible" | "pending" | "hidden" | "deleted";
  moderationReason: string | null;
  createdAt: string;
  edited: boolean;
  agreeCount: number;
  agreedByMe: boolean;
  replyCount: number;
  mine: boolean;
  canEdit: boolean;
  canDelete: boolean;
  replies: CommentView[];
};

function stateOf(row: { deletedAt: Date | null; moderation: ModerationState }): CommentView["state"] {
  if (row.deletedAt) return "deleted";
  return row.moderation === "HIDDEN" ? "hidden" : row.moderation === "PENDING" ? "pending" : "visible";
}

function toView(row: CommentRow, viewer: SessionUser | null, agreed: Set<string>, now: Date): CommentView {
  const state = stateOf(row);
  const moderator = canModerate(viewer);
  // Moderators still read a hidden comment; everyone else sees only the tombstone.
  const readable = state === "visible" || state === "pending" || (state === "hidden" && moderator);
  const canEdit = canEditComment(viewer, row, now) && state !== "hidden";
  return {
    id: row.id,
    parentId: row.parentId,
    depth: row.depth,
    section: row.sectionId && row.section ? { id: row.sectionId, ...row.section } : null,
    paragraphIndex: row.paragraphIndex,
    quote: row.quote,
    // A former participant (an erased account) shows no badge (ADR 019).
    author: (({ displayName, stakeholderType }) => ({
      displayName,
      stakeholderType: row.author?.erasedAt ? null : stakeholderType,
      onBehalfOf: row.onBehalfOf,
    }))(respondentOf(row, "public")),
    stance: row.stance,
    html: readable && !row.deletedAt ? renderCommentMarkdown(row.body) : null,
    source: canEdit ? row.body : null,
    state,
    moderationReason: state === "hidden" ? row.moderationReason : null,
    createdAt: row.createdAt.toISOString(),
    edited: row.editedAt !== null,
    agreeCount: row.agreeCount,
    agreedByMe: agreed.has(row.id),
    replyCount: row.replyCount,
    mine: viewer?.id === row.authorId,
    canEdit,
    canDelete: canDeleteComment(viewer, row),
    replies: [],
  };
}

/**
 * Pending (pre-moderated) comments are seen only by their author and moderators. Imported
 * responses without the respondent's consent are seen by nobody here, moderators included:
 * the public thread is public, and commissioners read them in the analysis workspace.
 */
function visibleTo(viewer: SessionUser | null): Prisma.CommentWhereInput {
  if (canModerate(viewer)) return publishableResponse;
  const notPending: Prisma.CommentWhereInput = viewer
    ? { OR: [{ moderation: { not: "PENDING" } }, { authorId: viewer.id }] }
    : { moderation: { not: "PENDING" } };
  return { AND: [publishableResponse, notPending] };
}

async function agreedBy(viewer: SessionUser | null, ids: string[]): Promise<Set<string>> {
  if (!viewer || ids.length === 0) return new Set();
  const rows = await db.commentAgree.findMany({ where: { userId: viewer.id, commentId: { in: ids } }, select: { commentId: true } });
  return new Set(rows.map((r) => r.commentId));
}

const ORDER: Record<CommentListQuery["sort"], Prisma.CommentOrderByWithRelationInput[]> = {
  newest: [{ createdAt: "desc" }, { id: "desc" }],
  oldest: [{ createdAt: "asc" }, { id: "asc" }],
  agreed: [{ agreeCount: "desc" }, { createdAt: "desc" }, { id: "desc" }],
};

/**
 * A page of top-level comments (50), each with its first few replies and theirs, so a
 * proposal with thousands of comments renders in constant time. The cursor is the id
 * of the last comment shown.
 */
export async function listComments(
  proposalId: string,
  viewer: SessionUser | null,
  query: CommentListQuery,
  now = new Date(),
  { pageSize = PAGE_SIZE, repliesShown = REPLIES_SHOWN }: { pageSize?: number; repliesShown?: number } = {},
) {
  const where: Prisma.CommentWhereInput = {
    proposalId,
    parentId: null,
    // AND, not spread: both the visibility rule and the type filter are ORs.
    AND: [visibleTo(viewer), query.type ? { OR: [{ author: { stakeholderType: query.type } }, { authorId: null, respondentType: query.type }] } : {}],
    ...(query.section === "whole" ? { sectionId: null } : query.section ? { sectionId: query.section } : {}),
    ...(query.stance ? { stance: query.stance } : {}),
  };
  const validCursor = query.cursor ? await db.comment.findFirst({ where: { id: query.cursor, proposalId, parentId: null }, select: { id: true } }) : null;
  const rows = await db.comment.findMany({
    where,
    orderBy: ORDER[query.sort],
    take: pageSize + 1,
    ...(validCursor ? { cursor: { id: validCursor.id }, skip: 1 } : {}),
    select: commentSelect,
  });
  const page = rows.slice(0, pageSize);
  const firstReplies = await firstRepliesOf(
    page.map((r) => r.id),
    viewer,
    repliesShown,
  );
  const secondReplies = await firstRepliesOf(
    firstReplies.map((r) => r.id),
    viewer,
    repliesShown,
  );
  const all = [...page, ...firstReplies, ...secondReplies];
  const agreed = await agreedBy(
    viewer,
    all.map((r) => r.id),
  );
  const views = new Map(all.map((row) => [row.id, toView(row, viewer, agreed, now)]));
  for (const reply of [...firstReplies, ...secondReplies]) views.get(reply.parentId!)?.replies.push(views.get(reply.id)!);
  return {
    comments: page.map((row) => views.get(row.id)!),
    nextCursor: rows.length > pageSize ? page[page.length - 1].id : null,
    total: await db.comment.count({ where }),
  };
}

/** The first few replies of each parent, oldest first, in two queries. */
async function firstRepliesOf(parentIds: string[], viewer: SessionUser | null, limit = REPLIES_SHOWN): Promise<CommentRow[]> {
  if (parentIds.length === 0) return [];
  const moderator = canModerate(viewer);
  const ids = await db.$queryRaw<{ id: string }[]>`
    SELECT id FROM (
      SELECT id, row_number() OVER (PARTITION BY "parentId" ORDER BY "createdAt", id) AS n
      FROM "Comment"
      WHERE "parentId" IN (${Prisma.join(parentIds)})
        AND (${moderator} OR moderation <> 'PENDING' OR "authorId" = ${viewer?.id ?? ""})
        AND ("channel" = 'PLATFORM' OR "publicConsent")
    ) ranked WHERE n <= ${limit}`;
  if (ids.length === 0) return [];
  return db.comment.findMany({ where: { id: { in: ids.map((r) => r.id) } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: commentSelect });
}

/** Replies to one comment after the cursor: "show more replies" and the thread page. */
export async function listReplies(proposalId: string, parentId: string, viewer: SessionUser | null, cursor: string | null | undefined, now = new Date()) {
  const parent = await db.comment.findFirst({ where: { id: parentId, proposalId }, select: { id: true } });
  if (!parent) return null;
  // A cursor only counts if it is one of this comment's replies.
  const validCursor = cursor ? await db.comment.findFirst({ where: { id: cursor, parentId }, select: { id: true } }) : null;
  const rows = await db.comment.findMany({
    where: { parentId, ...visibleTo(viewer) },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    take: REPLY_PAGE_SIZE + 1,
    ...(validCursor ? { cursor: { id: validCursor.id }, skip: 1 } : {}),
    select: commentSelect,
  });
  const page = rows.slice(0, REPLY_PAGE_SIZE);
  const nested = await firstRepliesOf(
    page.map((r) => r.id),
    viewer,
  );
  const agreed = await agreedBy(
    viewer,
    [...page, ...nested].map((r) => r.id),
  );
  const views = new Map([...page, ...nested].map((row) => [row.id, toView(row, viewer, agreed, now)]));
  for (const reply of nested) views.get(reply.parentId!)?.replies.push(views.get(reply.id)!);
  return { replies: page.map((r) => views.get(r.id)!), nextCursor: rows.length > REPLY_PAGE_SIZE ? page[page.length - 1].id : null };
}

/**
 * A comment with its first replies (and theirs), as this viewer may see it: what the page
 * fetches when a comment from the shared render comes to life (a live change, a click).
 */
export async function getCommentWithReplies(proposalId: string, commentId: string, viewer: SessionUser | null, repliesShown = REPLIES_SHOWN, now = new Date()) {
  const row = await db.comment.findFirst({ where: { id: commentId, proposalId, ...visibleTo(viewer) }, select: commentSelect });
  if (!row) return null;
  const firstReplies = await firstRepliesOf([row.id], viewer, repliesShown);
  const secondReplies = await firstRepliesOf(
    firstReplies.map((r) => r.id),
    viewer,
    repliesShown,
  );
  const all = [row, ...firstReplies, ...secondReplies];
  const agreed = await agreedBy(
    viewer,
    all.map((r) => r.id),
  );
  const views = new Map(all.map((r) => [r.id, toView(r, viewer, agreed, now)]));
  for (const reply of [...firstReplies, ...secondReplies]) views.get(reply.parentId!)?.replies.push(views.get(reply.id)!);
  return views.get(row.id)!;
}

/** One comment as this viewer may see it (live updates fetch through here). */
export async function getComment(proposalId: string, commentId: string, viewer: SessionUser | null, now = new Date()) {
  const row = await db.comment.findFirst({ where: { id: commentId, proposalId, ...visibleTo(viewer) }, select: commentSelect });
  if (!row) return null;
  return toView(row, viewer, await agreedBy(viewer, [row.id]), now);
}

export async function commentCountsBySection(proposalId: string) {
  const rows = await db.comment.groupBy({
    by: ["sectionId"],
    where: { proposalId, moderation: "VISIBLE", deletedAt: null, ...publishableResponse },
    _count: { _all: true },
  });
  return Object.fromEntries(rows.map((r) => [r.sectionId ?? "whole", r._count._all]));
}

// ------------------------------------------------------------------ writing

/**
 * Every command on a proposal's comments checks first that its actor may read the proposal
 * (drafts, invitation-only proposals): not found for anyone else, as the page says.
 */
async function refusedAccess(actor: SessionUser, proposalId: string): Promise<Failure | null> {
  return (await mayViewProposal(actor, proposalId)) ? null : fail(404, "form", "This proposal does not exist");
}

async function openProposal(actor: SessionUser, proposalId: string, now: Date) {
  const refused = await refusedAccess(actor, proposalId);
  if (refused) return { error: refused } as const;
  const proposal = await db.proposal.findUnique({
    where: { id: proposalId },
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      audience: true,
      premoderation: true,
      reportThreshold: true,
      discussionOpensAt: true,
      discussionClosesAt: true,
      versions: { orderBy: { number: "desc" }, take: 1, select: { id: true } },
    },
  });
  if (!proposal) return { error: fail(404, "form", "This proposal does not exist") } as const;
  const state = discussionState(proposal, now);
  if (state !== "open") return { error: fail(409, "body", REFUSALS[state]) } as const;
  return { proposal } as const;
}

export async function postComment(
  actor: SessionUser,
  proposalId: string,
  input: NewCommentInput,
  publisher: Publisher,
  now = new Date(),
): Promise<CommandResult<PostedComment>> {
  const unconfirmed = unconfirmedEmail(actor, "body");
  if (unconfirmed) return unconfirmed;
  const submission: Submission = { owner: actor.id, key: input.idempotencyKey, scope: `comment:${proposalId}` };
  const earlier = await earlierAnswer<CommandResult<PostedComment>>(submission);
  if (earlier) return earlier;
  const opened = await openProposal(actor, proposalId, now);
  if ("error" in opened) return opened.error!;
  const { proposal } = opened;
  const versionId = proposal.versions[0].id;

  let parent: {
    id: string;
    authorId: string | null;
    depth: number;
    parentId: string | null;
    sectionId: string | null;
    paragraphIndex: number | null;
    quote: string | null;
  } | null = null;
  let sectionId = input.sectionId;
  let paragraphIndex = input.paragraphIndex;
  let quote: string | null = null;

  if (input.parentId) {
    const target = await db.comment.findFirst({
      where: { id: input.parentId, proposalId, ...publishableResponse },
      select: { id: true, authorId: true, depth: true, parentId: true, sectionId: true, paragraphIndex: true, quote: true, deletedAt: true, moderation: true },
    });
    if (!target) return fail(404, "body", "The comment you are replying to is not part of this proposal");
    if (target.deletedAt || target.moderation !== "VISIBLE") return fail(409, "body", "The comment you are replying to has been removed");
    // Replies nest three levels; a reply to the third level joins that level.
    parent = target.depth >= MAX_DEPTH && target.parentId ? { ...target, id: target.parentId, depth: MAX_DEPTH - 1 } : target;
    sectionId = target.sectionId;
    paragraphIndex = target.paragraphIndex;
    quote = target.quote;
  } else if (sectionId) {
    const section = await db.proposalSection.findFirst({ where: { id: sectionId, versionId }, select: { body: true } });
    if (!section) return fail(400, "sectionId", "Choose a section of this proposal");
    if (paragraphIndex !== null) {
      const paragraph = sectionParagraphs(section.body)[paragraphIndex];
      if (!paragraph) return fail(400, "paragraphIndex", "Choose a paragraph of this section");
      quote = quoteOf(paragraph);
    }
  } else if (paragraphIndex !== null) {
    return fail(400, "paragraphIndex", "Choose a section for this paragraph");
  }

  if (input.onBehalf && !actor.organisation) return fail(400, "onBehalf", "Add your organisation to your account to respond on its behalf");
  const flooded = await checkFloodLimit(actor.id, "comment", "body", now);
  if (flooded) return flooded;

  const pending = proposal.premoderation && !canModerate(actor);
  const link = (id: string) => `/proposals/${proposal.slug}/comments/${id}`;
  // The notice names the proposal: only for a parent author who may still read it.
  const tellParent = !!parent?.authorId && parent.authorId !== actor.id && !pending && (await readersOf(proposalId, [parent.authorId])).has(parent.authorId);
  return inTransaction(publisher, (tx, outbox) =>
    answerOnce<CommandResult<PostedComment>>(
      tx,
      submission,
      async () => {
        const created = await tx.comment.create({
          data: {
            proposalId,
            versionId,
            sectionId,
            paragraphIndex,
            quote,
            parentId: parent?.id ?? null,
            depth: parent ? parent.depth + 1 : 0,
            authorId: actor.id,
            onBehalfOf: input.onBehalf ? actor.organisation : null,
            stance: input.stance,
            body: input.body,
            moderation: pending ? "PENDING" : "VISIBLE",
          },
          select: { id: true, parentId: true, sectionId: true, authorId: true },
        });
        if (parent) await tx.comment.update({ where: { id: parent.id }, data: { replyCount: { increment: 1 } } });
        const crisis = await raiseConcern(outbox, input.body, { kind: "comment", id: created.id, where: `on ${proposal.title}`, link: link(created.id) });
        if (!pending) await recordCreated(outbox, proposalId, created);
        const notices: NewNotification[] = [];
        if (tellParent && parent?.authorId) {
          notices.push({
            userId: parent.authorId,
            kind: "reply",
            title: `${actor.displayName} replied to your comment on ${proposal.title}`,
            link: link(created.id),
            namedUserIds: [actor.id],
          });
        }
        await notify(outbox, notices);
        return ok({ commentId: created.id, pending, crisis });
      },
      () => fail(409, "form", "This form was already used for something else: reload the page and try again"),
    ),
  );
}

type PostedComment = { commentId: string; pending: boolean; crisis: boolean };

function recordCreated(
  outbox: Outbox,
  proposalId: string,
  comment: { id: string; parentId: string | null; sectionId: string | null; authorId: string | null },
) {
  const payload: CommentCreatedPayload = { commentId: comment.id, parentId: comment.parentId, sectionId: comment.sectionId, authorId: comment.authorId };
  return outbox.event(proposalRoom(proposalId), "comment:created", payload);
}

function recordUpdated(outbox: Outbox, proposalId: string, payload: CommentUpdatedPayload) {
  return outbox.event(proposalRoom(proposalId), "comment:updated", payload);
}

/** A comment as the public thread knows it: unpublishable imported responses do not exist here. */
async function findComment(proposalId: string, commentId: string) {
  return db.comment.findFirst({
    where: { id: commentId, proposalId, ...publishableResponse },
    select: {
      id: true,
      authorId: true,
      createdAt: true,
      deletedAt: true,
      moderation: true,
      parentId: true,
      sectionId: true,
      proposal: { select: { slug: true, title: true, reportThreshold: true } },
    },
  });
}

export async function editComment(
  actor: SessionUser,
  proposalId: string,
  commentId: string,
  body: string,
  publisher: Publisher,
  now = new Date(),
): Promise<CommandResult<{ commentId: string; crisis: boolean }>> {
  const opened = await openProposal(actor, proposalId, now);
  if ("error" in opened) return opened.error!;
  const comment = await findComment(proposalId, commentId);
  if (!comment) return fail(404, "form", "This comment does not exist");
  if (!canEditComment(actor, comment, now)) {
    return fail(
      403,
      "body",
      comment.authorId === actor.id ? "Comments can only be changed in the 15 minutes after posting" : "You can only change your own comments",
    );
  }
  if (comment.moderation === "HIDDEN") return fail(409, "body", "A moderator has removed this comment");
  const crisis = await inTransaction(publisher, async (tx, outbox) => {
    await tx.comment.update({ where: { id: commentId }, data: { body, editedAt: now } });
    if (comment.moderation === "VISIBLE") await recordUpdated(outbox, proposalId, { commentId, change: "edited" });
    return raiseConcern(outbox, body, {
      kind: "comment",
      id: commentId,
      where: `on ${comment.proposal.title}`,
      link: `/proposals/${comment.proposal.slug}/comments/${commentId}`,
    });
  });
  return ok({ commentId, crisis });
}

export async function deleteComment(
  actor: SessionUser,
  proposalId: string,
  commentId: string,
  publisher: Publisher,
): Promise<CommandResult<{ commentId: string }>> {
  const refused = await refusedAccess(actor, proposalId);
  if (refused) return refused;
  const comment = await findComment(proposalId, commentId);
  if (!comment) return fail(404, "form", "This comment does not exist");
  if (!canDeleteComment(actor, comment)) return fail(403, "form", "You can only delete your own comments");
  // The row stays as a tombstone so replies keep their place; the words are removed.
  await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.comment.updateMany({ where: { id: commentId, deletedAt: null }, data: { deletedAt: new Date(), body: "" } });
    if (count === 1) await recordUpdated(outbox, proposalId, { commentId, change: "deleted" });
  });
  return ok({ commentId });
}

export async function agreeWithComment(
  actor: SessionUser,
  proposalId: string,
  commentId: string,
  publisher: Publisher,
): Promise<CommandResult<{ commentId: string; agreeCount: number }>> {
  const unconfirmed = unconfirmedEmail(actor);
  if (unconfirmed) return unconfirmed;
  const refused = await refusedAccess(actor, proposalId);
  if (refused) return refused;
  const comment = await findComment(proposalId, commentId);
  if (!comment || comment.deletedAt || comment.moderation !== "VISIBLE") return fail(404, "form", "This comment is not available");
  if (comment.authorId === actor.id) return fail(409, "form", "You cannot agree with your own comment");
  try {
    const { agreeCount } = await inTransaction(publisher, async (tx, outbox) => {
      await tx.commentAgree.create({ data: { commentId, userId: actor.id } });
      const counted = await tx.comment.update({ where: { id: commentId }, data: { agreeCount: { increment: 1 } }, select: { agreeCount: true } });
      await recordUpdated(outbox, proposalId, { commentId, change: "agreed", agreeCount: counted.agreeCount });
      return counted;
    });
    return ok({ commentId, agreeCount });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return fail(409, "form", "You have already agreed with this comment");
    }
    throw error;
  }
}

export async function reportComment(
  actor: SessionUser,
  proposalId: string,
  commentId: string,
  reason: string,
  publisher: Publisher,
): Promise<CommandResult<{ commentId: string; hidden: boolean }>> {
  const unconfirmed = unconfirmedEmail(actor, "reason");
  if (unconfirmed) return unconfirmed;
  const refused = await refusedAccess(actor, proposalId);
  if (refused) return refused;
  const comment = await findComment(proposalId, commentId);
  if (!comment || comment.deletedAt) return fail(404, "form", "This comment is not available");
  if (comment.authorId === actor.id) return fail(409, "reason", "You cannot report your own comment");
  const flooded = await checkFloodLimit(actor.id, "report", "reason");
  if (flooded) return flooded;
  const result = await inTransaction(publisher, async (tx, outbox) => {
    const reported = await recordReport(tx, { kind: "comment", id: commentId }, actor.id, reason, comment.proposal.reportThreshold);
    if (reported.ok && reported.hidden) await recordUpdated(outbox, proposalId, { commentId, change: "moderated" });
    return reported;
  });
  if (!result.ok) return fail(409, "reason", "You have already reported this comment");
  return ok({ commentId, hidden: result.hidden });
}

export async function moderateComment(
  actor: SessionUser,
  proposalId: string,
  input: { intent: "hide" | "restore" | "approve"; commentId: string; reason: string },
  publisher: Publisher,
): Promise<CommandResult<{ commentId: string }>> {
  if (!canModerate(actor)) return fail(403, "form", "Only moderators can do this");
  const refused = await refusedAccess(actor, proposalId);
  if (refused) return refused;
  const comment = await findComment(proposalId, input.commentId);
  if (!comment || comment.deletedAt) return fail(404, "form", "This comment is not available");
  const changed = await inTransaction(publisher, async (tx, outbox) => {
    if (!(await applyModeration(tx, { kind: "comment", id: input.commentId }, actor.id, input.intent, input.reason))) return false;
    if (input.intent === "approve") {
      await recordCreated(outbox, proposalId, comment);
      const parent = comment.parentId ? await tx.comment.findUnique({ where: { id: comment.parentId }, select: { authorId: true } }) : null;
      if (parent?.authorId && parent.authorId !== comment.authorId && (await readersOf(proposalId, [parent.authorId])).has(parent.authorId)) {
        await notify(outbox, [
          {
            userId: parent.authorId,
            kind: "reply",
            title: `New reply to your comment on ${comment.proposal.title}`,
            link: `/proposals/${comment.proposal.slug}/comments/${comment.id}`,
          },
        ]);
      }
    } else {
      await recordUpdated(outbox, proposalId, { commentId: input.commentId, change: "moderated" });
    }
    return true;
  });
  if (!changed) return fail(409, "form", "This comment has already been moderated");
  return ok({ commentId: input.commentId });
}

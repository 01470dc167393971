import { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { inTransaction, type Outbox } from "~/utils/outbox.server";
import type { Publisher } from "~/utils/realtime";
import { fail, type Failure } from "~/utils/results";
import { ANALYSIS_EVENTS, analysisRoom, type AnalysisChangedPayload } from "./analysis.events";
import { canAnalyseFeedback } from "./analysis.policy";
import { themeKey } from "./analysis.schema";
import { suggestKeyPhrases } from "./key-phrases";
import { commentTexts } from "./workspace.server";

// Coding comments by theme. Tags are added and removed one (comment, theme) pair at a time,
// so two commissioners tagging at once never undo each other's work.

type Ok<T = object> = { ok: true } & T;
const forbidden = (): Failure => fail(403, "form", "Only commissioners can analyse feedback");
const duplicateName = (name: string) => fail(409, "name", `There is already a theme called “${name}”`);

async function announce(outbox: Outbox, proposalId: string, payload: AnalysisChangedPayload) {
  await outbox.event(analysisRoom(proposalId), ANALYSIS_EVENTS.changed, payload);
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

export async function createTheme(actor: SessionUser, proposalId: string, name: string, publisher: Publisher): Promise<Ok<{ themeId: string }> | Failure> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  try {
    const theme = await inTransaction(publisher, async (tx, outbox) => {
      const created = await tx.theme.create({ data: { proposalId, name, nameKey: themeKey(name) }, select: { id: true } });
      await announce(outbox, proposalId, { by: actor.id, what: "themes" });
      return created;
    });
    return { ok: true, themeId: theme.id };
  } catch (error) {
    if (isUniqueViolation(error)) return duplicateName(name);
    throw error;
  }
}

export async function renameTheme(actor: SessionUser, proposalId: string, themeId: string, name: string, publisher: Publisher): Promise<Ok | Failure> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  try {
    const count = await inTransaction(publisher, async (tx, outbox) => {
      const renamed = await tx.theme.updateMany({ where: { id: themeId, proposalId }, data: { name, nameKey: themeKey(name) } });
      if (renamed.count) await announce(outbox, proposalId, { by: actor.id, what: "themes" });
      return renamed.count;
    });
    if (count === 0) return fail(404, "themeId", "This theme no longer exists");
  } catch (error) {
    if (isUniqueViolation(error)) return duplicateName(name);
    throw error;
  }
  return { ok: true };
}

/** Moves every tag and cited change of one theme onto another, then removes the first. */
export async function mergeThemes(actor: SessionUser, proposalId: string, sourceId: string, targetId: string, publisher: Publisher): Promise<Ok<{ moved: number }> | Failure> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const themes = await db.theme.findMany({ where: { id: { in: [sourceId, targetId] }, proposalId }, select: { id: true, summary: true } });
  if (!themes.some((t) => t.id === sourceId)) return fail(404, "sourceId", "Choose a theme of this proposal to merge");
  const target = themes.find((t) => t.id === targetId);
  if (!target) return fail(404, "targetId", "Choose a theme of this proposal to merge it into");
  const source = themes.find((t) => t.id === sourceId)!;
  const moved = await inTransaction(publisher, async (tx, outbox) => {
    const inserted = await tx.$executeRaw`
      INSERT INTO "CommentTheme" ("commentId", "themeId", "taggedById", "createdAt")
      SELECT "commentId", ${targetId}, "taggedById", "createdAt" FROM "CommentTheme" WHERE "themeId" = ${sourceId}
      ON CONFLICT DO NOTHING`;
    await tx.$executeRaw`
      INSERT INTO "ThemeSectionChange" ("themeId", "sectionId")
      SELECT ${targetId}, "sectionId" FROM "ThemeSectionChange" WHERE "themeId" = ${sourceId}
      ON CONFLICT DO NOTHING`;
    // Nothing written about the merged theme is lost: its summary joins the other's.
    if (source.summary.trim()) {
      await tx.theme.update({
        where: { id: targetId },
        data: { summary: [target.summary.trim(), source.summary.trim()].filter(Boolean).join("\n\n"), revision: { increment: 1 } },
      });
    }
    await tx.theme.delete({ where: { id: sourceId } });
    await announce(outbox, proposalId, { by: actor.id, what: "themes" });
    return inserted;
  });
  return { ok: true, moved };
}

/** Refuses comments that are not this proposal's: nothing is tagged unless all are. */
async function checkComments(proposalId: string, commentIds: string[]): Promise<Failure | null> {
  const found = await db.comment.count({ where: { id: { in: commentIds }, proposalId } });
  return found === new Set(commentIds).size ? null : fail(400, "commentIds", "Some of the chosen comments are not comments on this proposal");
}

export async function tagComments(
  actor: SessionUser,
  proposalId: string,
  input: { intent: "tag" | "untag"; themeId: string; commentIds: string[] },
  publisher: Publisher,
): Promise<Ok<{ changed: number }> | Failure> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const theme = await db.theme.findFirst({ where: { id: input.themeId, proposalId }, select: { id: true } });
  if (!theme) return fail(400, "themeId", "Choose a theme of this proposal");
  const refused = await checkComments(proposalId, input.commentIds);
  if (refused) return refused;
  const changed = await inTransaction(publisher, async (tx, outbox) => {
    const { count } =
      input.intent === "tag"
        ? await tx.commentTheme.createMany({ data: input.commentIds.map((commentId) => ({ commentId, themeId: theme.id, taggedById: actor.id })), skipDuplicates: true })
        : await tx.commentTheme.deleteMany({ where: { themeId: theme.id, commentId: { in: input.commentIds } } });
    await announce(outbox, proposalId, { by: actor.id, what: "tags", commentIds: input.commentIds });
    return count;
  });
  return { ok: true, changed };
}

/** The phrases that recur in a proposal's comments, less those already made themes. */
export async function suggestThemes(proposalId: string) {
  const [texts, themes] = await Promise.all([commentTexts(proposalId), db.theme.findMany({ where: { proposalId }, select: { nameKey: true } })]);
  const taken = new Set(themes.map((t) => t.nameKey));
  return suggestKeyPhrases(texts, { limit: 12 + taken.size }).filter((s) => !taken.has(themeKey(s.phrase))).slice(0, 12);
}

/**
 * A suggested phrase becomes a theme (under the name the commissioner gives it), tagged on
 * the comments it was found in. The suggestion is worked out again here, so the comments
 * are the server's, never a list sent by the browser.
 */
export async function acceptSuggestion(actor: SessionUser, proposalId: string, phrase: string, name: string, publisher: Publisher): Promise<Ok<{ themeId: string; tagged: number }> | Failure> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const suggestion = suggestKeyPhrases(await commentTexts(proposalId), { limit: 1000 }).find((s) => s.phrase === phrase);
  if (!suggestion) return fail(409, "name", "This suggestion no longer applies; suggest themes again");
  const { commentIds } = suggestion;
  try {
    const result = await inTransaction(publisher, async (tx, outbox) => {
      const theme = await tx.theme.create({ data: { proposalId, name, nameKey: themeKey(name) }, select: { id: true } });
      const { count } = await tx.commentTheme.createMany({ data: commentIds.map((commentId) => ({ commentId, themeId: theme.id, taggedById: actor.id })), skipDuplicates: true });
      await announce(outbox, proposalId, { by: actor.id, what: "themes", commentIds });
      return { themeId: theme.id, tagged: count };
    });
    return { ok: true, ...result };
  } catch (error) {
    if (isUniqueViolation(error)) return duplicateName(name);
    throw error;
  }
}

export async function markKeyQuote(actor: SessionUser, proposalId: string, commentId: string, keyQuote: boolean, publisher: Publisher): Promise<Ok | Failure> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const count = await inTransaction(publisher, async (tx, outbox) => {
    const marked = await tx.comment.updateMany({ where: { id: commentId, proposalId, deletedAt: null }, data: { keyQuote } });
    if (marked.count) await announce(outbox, proposalId, { by: actor.id, what: "quotes", commentIds: [commentId] });
    return marked.count;
  });
  if (count === 0) return fail(400, "commentId", "This is not a comment on this proposal");
  return { ok: true };
}

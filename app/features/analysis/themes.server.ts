import { Prisma } from "#app/generated/prisma/client";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { inTransaction, type Outbox } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { fail, ok, type CommandResult, type Failure } from "#app/utils/results";
import { analysisRoom, type AnalysisChangedPayload } from "./analysis.events";
import { canAnalyseFeedback } from "./analysis.policy";
import { themeKey } from "./analysis.schema";
import { suggestThemesFor, type ThemeSuggestion } from "./theme-suggestions";

// Coding comments by theme. Tags are added and removed one (comment, theme) pair at a time,
// so two commissioners tagging at once never undo each other's work.

const forbidden = (): Failure => fail(403, "form", "Only commissioners can analyse feedback");
const duplicateName = (name: string) => fail(409, "name", `There is already a theme called “${name}”`);

async function announce(outbox: Outbox, proposalId: string, payload: AnalysisChangedPayload) {
  await outbox.event(analysisRoom(proposalId), "analysis:changed", payload);
}

const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002";

export async function createTheme(actor: SessionUser, proposalId: string, name: string, publisher: Publisher): Promise<CommandResult<{ themeId: string }>> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  try {
    const theme = await inTransaction(publisher, async (tx, outbox) => {
      const created = await tx.theme.create({ data: { proposalId, name, nameKey: themeKey(name) }, select: { id: true } });
      await announce(outbox, proposalId, { by: actor.id, what: "themes" });
      return created;
    });
    return ok({ themeId: theme.id });
  } catch (error) {
    if (isUniqueViolation(error)) return duplicateName(name);
    throw error;
  }
}

export async function renameTheme(actor: SessionUser, proposalId: string, themeId: string, name: string, publisher: Publisher): Promise<CommandResult> {
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
  return ok();
}

/** Moves every tag and cited change of one theme onto another, then removes the first. */
export async function mergeThemes(
  actor: SessionUser,
  proposalId: string,
  sourceId: string,
  targetId: string,
  publisher: Publisher,
): Promise<CommandResult<{ moved: number }>> {
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
  return ok({ moved });
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
): Promise<CommandResult<{ changed: number }>> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const theme = await db.theme.findFirst({ where: { id: input.themeId, proposalId }, select: { id: true } });
  if (!theme) return fail(400, "themeId", "Choose a theme of this proposal");
  const refused = await checkComments(proposalId, input.commentIds);
  if (refused) return refused;
  const changed = await inTransaction(publisher, async (tx, outbox) => {
    const { count } =
      input.intent === "tag"
        ? await tx.commentTheme.createMany({
            data: input.commentIds.map((commentId) => ({ commentId, themeId: theme.id, taggedById: actor.id })),
            skipDuplicates: true,
          })
        : await tx.commentTheme.deleteMany({ where: { themeId: theme.id, commentId: { in: input.commentIds } } });
    await announce(outbox, proposalId, { by: actor.id, what: "tags", commentIds: input.commentIds });
    return count;
  });
  return ok({ changed });
}

/** Every comment of a proposal, as the suggester reads it: text, agrees and section. */
async function suggestionsFor(proposalId: string) {
  const [proposal, rows] = await Promise.all([
    db.proposal.findUniqueOrThrow({ where: { id: proposalId }, select: { title: true } }),
    db.comment.findMany({
      where: { proposalId, deletedAt: null },
      select: { id: true, body: true, agreeCount: true, section: { select: { number: true, heading: true } } },
    }),
  ]);
  return suggestThemesFor(
    rows.map((row) => ({ id: row.id, text: row.body, agrees: row.agreeCount, section: row.section ? `${row.section.number} ${row.section.heading}` : null })),
    { exclude: [proposal.title] },
  );
}

/** Suggested themes for a proposal's comments, less those already made themes. */
export async function suggestThemes(proposalId: string) {
  const [result, themes] = await Promise.all([suggestionsFor(proposalId), db.theme.findMany({ where: { proposalId }, select: { nameKey: true } })]);
  const taken = new Set(themes.map((t) => t.nameKey));
  const open = result.themes.filter((s) => !taken.has(themeKey(s.label)));
  return {
    total: result.total,
    ungrouped: result.ungrouped.length,
    suggestions: open.map(({ commentIds, alternatives, ...suggestion }) => ({
      ...suggestion,
      comments: commentIds.length,
      alternatives: alternatives.map((a) => ({ label: a.label, comments: a.commentIds.length })),
    })),
  };
}

/**
 * Accepting makes themes of suggestions (under the names the commissioner gives) and tags
 * exactly their comments. The suggestions are worked out again here, so the comments are the
 * server's, never a list sent by the browser. One suggestion, several merged into one theme,
 * or one split in two by one of its phrases.
 */
export type Acceptance =
  | { kind: "accept"; key: string; name: string }
  | { kind: "merge"; keys: string[]; name: string }
  | { kind: "split"; key: string; alternative: string; name: string; restName: string };

export async function acceptSuggestion(
  actor: SessionUser,
  proposalId: string,
  acceptance: Acceptance,
  publisher: Publisher,
): Promise<CommandResult<{ tagged: number }>> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const { themes } = await suggestionsFor(proposalId);
  const find = (key: string) => themes.find((s) => s.key === key);
  const stale = () => fail(409, "form", "This suggestion no longer applies; suggest themes again");
  let made: { name: string; commentIds: string[] }[];
  if (acceptance.kind === "accept") {
    const suggestion = find(acceptance.key);
    if (!suggestion) return stale();
    made = [{ name: acceptance.name, commentIds: suggestion.commentIds }];
  } else if (acceptance.kind === "merge") {
    const chosen = acceptance.keys.map(find);
    if (chosen.some((s) => !s)) return stale();
    made = [{ name: acceptance.name, commentIds: [...new Set((chosen as ThemeSuggestion[]).flatMap((s) => s.commentIds))] }];
  } else {
    const suggestion = find(acceptance.key);
    const part = suggestion?.alternatives.find((a) => a.label === acceptance.alternative);
    if (!suggestion) return stale();
    if (!part) return fail(400, "alternative", "Choose one of this suggestion's phrases");
    if (themeKey(acceptance.name) === themeKey(acceptance.restName)) return fail(400, "restName", "Give the two themes different names");
    const inPart = new Set(part.commentIds);
    made = [
      { name: acceptance.name, commentIds: part.commentIds },
      { name: acceptance.restName, commentIds: suggestion.commentIds.filter((id) => !inPart.has(id)) },
    ];
  }
  try {
    const tagged = await inTransaction(publisher, async (tx, outbox) => {
      let count = 0;
      for (const { name, commentIds } of made) {
        const theme = await tx.theme.create({ data: { proposalId, name, nameKey: themeKey(name) }, select: { id: true } });
        count += (
          await tx.commentTheme.createMany({
            data: commentIds.map((commentId) => ({ commentId, themeId: theme.id, taggedById: actor.id })),
            skipDuplicates: true,
          })
        ).count;
      }
      await announce(outbox, proposalId, { by: actor.id, what: "themes", commentIds: made.flatMap((m) => m.commentIds) });
      return count;
    });
    return ok({ tagged });
  } catch (error) {
    if (isUniqueViolation(error)) return fail(409, "name", "There is already a theme with one of these names");
    throw error;
  }
}

export async function markKeyQuote(actor: SessionUser, proposalId: string, commentId: string, keyQuote: boolean, publisher: Publisher): Promise<CommandResult> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const count = await inTransaction(publisher, async (tx, outbox) => {
    const marked = await tx.comment.updateMany({ where: { id: commentId, proposalId, deletedAt: null }, data: { keyQuote } });
    if (marked.count) await announce(outbox, proposalId, { by: actor.id, what: "quotes", commentIds: [commentId] });
    return marked.count;
  });
  if (count === 0) return fail(400, "commentId", "This is not a comment on this proposal");
  return ok();
}

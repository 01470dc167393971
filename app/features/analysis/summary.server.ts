import type { StakeholderType, Stance, ThemeResponse } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { inTransaction, type Outbox } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { fail, ok, type CommandResult, type Failure } from "#app/utils/results";
import { analysisRoom } from "./analysis.events";
import { canAnalyseFeedback } from "./analysis.policy";
import { GENERAL_SECTION } from "./workspace.server";
import { respondentOf, respondentSelect } from "#app/features/consultations/respondents";

// Counting the feedback by section and by theme, and the commissioners' writing about it.
// Every written part carries a revision number: a save based on an older revision is
// refused, so one commissioner never silently overwrites another's words.

export type Breakdown = { total: number; byStakeholder: Partial<Record<StakeholderType, number>>; byStance: Partial<Record<Stance | "NONE", number>> };

const emptyBreakdown = (): Breakdown => ({ total: 0, byStakeholder: {}, byStance: {} });

function add(breakdown: Breakdown, stakeholder: StakeholderType, stance: Stance | null, count: number) {
  breakdown.total += count;
  breakdown.byStakeholder[stakeholder] = (breakdown.byStakeholder[stakeholder] ?? 0) + count;
  const key = stance ?? "NONE";
  breakdown.byStance[key] = (breakdown.byStance[key] ?? 0) + count;
}

type Row = { key: string | null; stakeholder: StakeholderType; stance: Stance | null; count: bigint };

async function countsBySection(proposalId: string) {
  const rows = await db.$queryRaw<Row[]>`
    SELECT s."number" AS key, COALESCE(u."stakeholderType", c."respondentType", 'PUBLIC') AS stakeholder, c."stance" AS stance, count(*) AS count
    FROM "Comment" c LEFT JOIN "User" u ON u."id" = c."authorId" LEFT JOIN "ProposalSection" s ON s."id" = c."sectionId"
    WHERE c."proposalId" = ${proposalId} AND c."deletedAt" IS NULL
    GROUP BY 1, 2, 3`;
  return group(rows);
}

async function countsByTheme(proposalId: string) {
  const rows = await db.$queryRaw<Row[]>`
    SELECT ct."themeId" AS key, COALESCE(u."stakeholderType", c."respondentType", 'PUBLIC') AS stakeholder, c."stance" AS stance, count(*) AS count
    FROM "CommentTheme" ct JOIN "Comment" c ON c."id" = ct."commentId" LEFT JOIN "User" u ON u."id" = c."authorId"
    WHERE c."proposalId" = ${proposalId} AND c."deletedAt" IS NULL
    GROUP BY 1, 2, 3`;
  return group(rows);
}

function group(rows: Row[]): Map<string, Breakdown> {
  const result = new Map<string, Breakdown>();
  for (const row of rows) {
    const key = row.key ?? GENERAL_SECTION;
    if (!result.has(key)) result.set(key, emptyBreakdown());
    add(result.get(key)!, row.stakeholder, row.stance, Number(row.count));
  }
  return result;
}

const quoteSelect = {
  id: true,
  body: true,
  moderation: true,
  onBehalfOf: true,
  publicConsent: true,
  ...respondentSelect,
  section: { select: { number: true } },
  themes: { select: { themeId: true } },
} as const;

/** Everything the summary and response pages show: counts, quotes and the writing. */
export async function loadSummary(proposalId: string, sections: { number: string; heading: string }[]) {
  const [bySection, byTheme, themes, notes, quotes, outcome] = await Promise.all([
    countsBySection(proposalId),
    countsByTheme(proposalId),
    db.theme.findMany({
      where: { proposalId },
      orderBy: { name: "asc" },
      select: { id: true, name: true, summary: true, response: true, responseNote: true, revision: true, changes: { select: { sectionId: true } } },
    }),
    db.sectionSummary.findMany({ where: { proposalId } }),
    db.comment.findMany({ where: { proposalId, keyQuote: true, deletedAt: null }, orderBy: { createdAt: "asc" }, select: quoteSelect }).then((rows) =>
      rows.map(({ author, respondentName, respondentOrganisation, respondentType, ...quote }) => ({
        ...quote,
        // Quotes are attributed by stakeholder type or organisation, never by a person's name.
        author: respondentOf({ author, channel: quote.channel, respondentName: null, respondentOrganisation, respondentType }, "public"),
        published: quote.channel === "PLATFORM" || quote.publicConsent,
      })),
    ),
    db.consultationOutcome.findUnique({ where: { proposalId } }),
  ]);
  const noteOf = new Map(notes.map((n) => [n.sectionNumber, n]));
  const sectionRows = [...sections, { number: GENERAL_SECTION, heading: "The proposal as a whole" }].map((section) => ({
    ...section,
    counts: bySection.get(section.number) ?? emptyBreakdown(),
    summary: noteOf.get(section.number)?.text ?? "",
    revision: noteOf.get(section.number)?.revision ?? 0,
    quotes: quotes.filter((q) => (q.section?.number ?? GENERAL_SECTION) === section.number),
  }));
  const themeRows = themes.map(({ changes, ...theme }) => ({
    ...theme,
    sectionIds: changes.map((c) => c.sectionId),
    counts: byTheme.get(theme.id) ?? emptyBreakdown(),
    quotes: quotes.filter((q) => q.themes.some((t) => t.themeId === theme.id)),
  }));
  return {
    sections: sectionRows,
    themes: themeRows,
    outcome: { overview: outcome?.overview ?? "", revision: outcome?.revision ?? 0, publishedAt: outcome?.publishedAt ?? null },
  };
}

const stale = (field: string) =>
  fail(409, field, "Another commissioner saved a change to this since you opened it. Their version is now shown; add your changes to it and save again.");

async function announce(outbox: Outbox, proposalId: string, by: string, what: "summary" | "response" | "outcome") {
  await outbox.event(analysisRoom(proposalId), "analysis:changed", { by, what });
}

/** Saves (or autosaves) the summary of one section's feedback. */
export async function saveSectionSummary(
  actor: SessionUser,
  proposal: { id: string; sectionNumbers: string[] },
  input: { sectionNumber: string; text: string; revision: number },
  publisher: Publisher,
): Promise<CommandResult<{ revision: number }>> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  if (input.sectionNumber !== GENERAL_SECTION && !proposal.sectionNumbers.includes(input.sectionNumber))
    return fail(400, "sectionNumber", "Choose a section of this proposal");
  const key = { proposalId: proposal.id, sectionNumber: input.sectionNumber };
  const saved = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.sectionSummary.updateMany({
      where: { ...key, revision: input.revision },
      data: { text: input.text, revision: { increment: 1 }, updatedAt: new Date() },
    });
    if (count === 0) {
      if (input.revision !== 0) return false;
      // The first save: a concurrent first save from someone else is a conflict too.
      const created = await tx.sectionSummary.createMany({ data: [{ ...key, text: input.text, revision: 1 }], skipDuplicates: true });
      if (created.count === 0) return false;
    }
    await announce(outbox, proposal.id, actor.id, "summary");
    return true;
  });
  if (!saved) return stale("text");
  return ok({ revision: input.revision + 1 });
}

const forbidden = (): Failure => fail(403, "form", "Only commissioners can analyse feedback");

/** "You said, we did" for one theme, with the sections of later versions it changed. */
export async function saveThemeResponse(
  actor: SessionUser,
  proposalId: string,
  input: { themeId: string; summary: string; response: ThemeResponse | null; responseNote: string; sectionIds: string[]; revision: number },
  publisher: Publisher,
): Promise<CommandResult<{ revision: number }>> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const theme = await db.theme.findFirst({ where: { id: input.themeId, proposalId }, select: { id: true } });
  if (!theme) return fail(404, "themeId", "This theme no longer exists");
  if (input.response && !input.responseNote) return fail(400, "responseNote", "Say what was done about this, and why");
  const sections = await db.proposalSection.count({ where: { id: { in: input.sectionIds }, version: { proposalId, number: { gt: 1 } } } });
  if (sections !== new Set(input.sectionIds).size) return fail(400, "sectionIds", "Choose sections of a revised version of this proposal");
  const saved = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.theme.updateMany({
      where: { id: theme.id, revision: input.revision },
      data: { summary: input.summary, response: input.response, responseNote: input.responseNote, revision: { increment: 1 } },
    });
    if (count === 0) return false;
    await tx.themeSectionChange.deleteMany({ where: { themeId: theme.id } });
    await tx.themeSectionChange.createMany({ data: input.sectionIds.map((sectionId) => ({ themeId: theme.id, sectionId })) });
    await announce(outbox, proposalId, actor.id, "response");
    return true;
  });
  if (!saved) return stale("summary");
  return ok({ revision: input.revision + 1 });
}

export async function saveOverview(
  actor: SessionUser,
  proposalId: string,
  input: { overview: string; revision: number },
  publisher: Publisher,
): Promise<CommandResult<{ revision: number }>> {
  if (!canAnalyseFeedback(actor)) return forbidden();
  const saved = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.consultationOutcome.updateMany({
      where: { proposalId, revision: input.revision },
      data: { overview: input.overview, revision: { increment: 1 }, updatedAt: new Date() },
    });
    if (count === 0) {
      if (input.revision !== 0) return false;
      const created = await tx.consultationOutcome.createMany({ data: [{ proposalId, overview: input.overview, revision: 1 }], skipDuplicates: true });
      if (created.count === 0) return false;
    }
    await announce(outbox, proposalId, actor.id, "outcome");
    return true;
  });
  if (!saved) return stale("overview");
  return ok({ revision: input.revision + 1 });
}

import type { AppLoadContext } from "@remix-run/node";
import type { Prisma } from "#app/generated/prisma/client";
import { requirePermission } from "#app/utils/permissions.server";
import { db } from "#app/utils/db.server";
import { addDays, londonTime } from "#app/utils/dates";
import { WORKSPACE_PAGE_SIZE, type WorkspaceFilters } from "./analysis.schema";
import { respondentOf, respondentSelect } from "#app/features/consultations/respondents";
import type { JoinRule } from "#app/utils/realtime-rooms";
import { canAnalyseFeedback } from "./analysis.policy";

// The analysis workspace: every comment on a proposal (hidden and reported ones too,
// marked as such), filtered and searched, a page at a time. Deleted comments are their
// authors' to withdraw and are left out.

export async function findProposalForAnalysis(slug: string) {
  return db.proposal.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      discussionOpensAt: true,
      discussionClosesAt: true,
      versions: {
        orderBy: { number: "asc" },
        select: { id: true, number: true, sections: { orderBy: { position: "asc" }, select: { id: true, number: true, heading: true, body: true } } },
      },
    },
  });
}
export type AnalysedProposal = NonNullable<Awaited<ReturnType<typeof findProposalForAnalysis>>>;

/** The sections comments can be on, by number, as the latest version names them. */
export function sectionOptions(proposal: AnalysedProposal): { number: string; heading: string }[] {
  const byNumber = new Map<string, string>();
  for (const version of proposal.versions) for (const section of version.sections) byNumber.set(section.number, section.heading);
  return [...byNumber].map(([number, heading]) => ({ number, heading })).sort((a, b) => a.number.localeCompare(b.number, "en", { numeric: true }));
}

export const GENERAL_SECTION = "general";

async function matchingSearch(proposalId: string, q: string): Promise<string[]> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Comment"
    WHERE "proposalId" = ${proposalId} AND to_tsvector('english', "body") @@ websearch_to_tsquery('english', ${q})`;
  return rows.map((r) => r.id);
}

async function whereFor(proposalId: string, filters: WorkspaceFilters): Promise<Prisma.CommentWhereInput> {
  const where: Prisma.CommentWhereInput = { proposalId, deletedAt: null };
  if (filters.section === GENERAL_SECTION) where.sectionId = null;
  else if (filters.section) where.section = { number: filters.section };
  if (filters.paragraph) where.paragraphIndex = filters.paragraph - 1;
  if (filters.stakeholder) where.OR = [{ author: { stakeholderType: filters.stakeholder } }, { authorId: null, respondentType: filters.stakeholder }];
  if (filters.channel) where.channel = filters.channel;
  if (filters.stance) where.stance = filters.stance;
  if (filters.untagged) where.themes = { none: {} };
  else if (filters.theme) where.themes = { some: { themeId: filters.theme } };
  if (filters.from || filters.to) {
    where.createdAt = {
      ...(filters.from ? { gte: londonTime(filters.from) } : {}),
      ...(filters.to ? { lt: londonTime(addDays(filters.to, 1)) } : {}),
    };
  }
  if (filters.q) where.id = { in: await matchingSearch(proposalId, filters.q) };
  return where;
}

export async function loadWorkspace(proposalId: string, filters: WorkspaceFilters) {
  const where = await whereFor(proposalId, filters);
  const all = { proposalId, deletedAt: null };
  const [matching, comments, total, tagged, themes] = await Promise.all([
    db.comment.count({ where }),
    db.comment.findMany({
      where,
      orderBy: [{ createdAt: "asc" }, { id: "asc" }],
      skip: (filters.page - 1) * WORKSPACE_PAGE_SIZE,
      take: WORKSPACE_PAGE_SIZE,
      select: {
        id: true,
        body: true,
        stance: true,
        createdAt: true,
        moderation: true,
        reportCount: true,
        keyQuote: true,
        paragraphIndex: true,
        parentId: true,
        onBehalfOf: true,
        section: { select: { number: true, heading: true } },
        publicConsent: true,
        ...respondentSelect,
        themes: { orderBy: { theme: { name: "asc" } }, select: { theme: { select: { id: true, name: true } } } },
      },
    }),
    db.comment.count({ where: all }),
    db.comment.count({ where: { ...all, themes: { some: {} } } }),
    listThemes(proposalId),
  ]);
  return {
    comments: comments.map(({ themes: t, author, respondentName, respondentOrganisation, respondentType, ...comment }) => ({
      ...comment,
      author: respondentOf({ author, channel: comment.channel, respondentName, respondentOrganisation, respondentType }, "commissioners"),
      themes: t.map((x) => x.theme),
    })),
    matching,
    pages: Math.max(1, Math.ceil(matching / WORKSPACE_PAGE_SIZE)),
    progress: { tagged, total },
    themes,
  };
}

/** The proposal's themes with how many comments each is tagged on. */
export async function listThemes(proposalId: string) {
  const themes = await db.theme.findMany({
    where: { proposalId },
    orderBy: { name: "asc" },
    select: { id: true, name: true, _count: { select: { comments: true } } },
  });
  return themes.map(({ _count, ...theme }) => ({ ...theme, comments: _count.comments }));
}

/** The text of every comment, for theme suggestions. */
export async function commentTexts(proposalId: string) {
  const rows = await db.comment.findMany({ where: { proposalId, deletedAt: null }, select: { id: true, body: true } });
  return rows.map((row) => ({ id: row.id, text: row.body }));
}

/** Every workspace loader and action starts here: a commissioner, and a proposal that exists. */
export async function requireAnalysis(context: AppLoadContext, request: Request, slug: string | undefined) {
  const actor = requirePermission(context, request, "analyse:feedback:any");
  const proposal = await findProposalForAnalysis(slug ?? "");
  if (!proposal) throw new Response("Not found", { status: 404 });
  return { actor, proposal };
}

/** The feedback analysis of a proposal: commissioners only. */
export const mayJoinAnalysisRoom: JoinRule = async (viewer, proposalId) =>
  canAnalyseFeedback(viewer) && (await db.proposal.count({ where: { id: proposalId } })) > 0;

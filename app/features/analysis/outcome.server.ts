import type { StakeholderType } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { inTransaction } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { notify } from "#app/features/notifications/notifications.server";
import { analysisRoom } from "./analysis.events";
import { findProposalAccess, readersOf } from "#app/features/consultations/proposals.server";
import { publishableResponse } from "#app/features/consultations/respondents";
import { canAnalyseFeedback, canReadReport } from "./analysis.policy";
import { loadSummary } from "./summary.server";
import { findProposalForAnalysis, sectionOptions, type AnalysedProposal } from "./workspace.server";

// The published outcome ("we asked, you said, we did") and the consultation report.

/**
 * Publishes the outcome page and tells everyone who took part. Publishing again later
 * (after corrections) updates the page without emailing everyone a second time.
 */
export async function publishOutcome(
  actor: SessionUser,
  proposal: { id: string; slug: string; title: string; status: string },
  publisher: Publisher,
  now = new Date(),
): Promise<CommandResult<{ notified: number }>> {
  if (!canAnalyseFeedback(actor)) return fail(403, "form", "Only commissioners can publish the outcome");
  if (proposal.status === "DRAFT" || proposal.status === "OPEN") return fail(409, "form", "The outcome can be published once the discussion period has closed");
  const [outcome, themes] = await Promise.all([
    db.consultationOutcome.findUnique({ where: { proposalId: proposal.id } }),
    db.theme.findMany({ where: { proposalId: proposal.id }, select: { name: true, response: true, responseNote: true } }),
  ]);
  if (!outcome?.overview.trim()) return fail(400, "overview", "Write an overview of the feedback and what happens next before publishing");
  const answered = themes.filter((t) => t.response && t.responseNote.trim());
  if (answered.length === 0) return fail(400, "form", "Say what was done about at least one theme before publishing");

  const participants = await participantIds(proposal.id);
  const notified = await inTransaction(publisher, async (tx, outbox) => {
    const { count: first } = await tx.consultationOutcome.updateMany({
      where: { proposalId: proposal.id, publishedAt: null },
      data: { publishedAt: now, publishedById: actor.id },
    });
    await tx.auditEvent.create({
      data: { actorId: actor.id, action: first ? "outcome.published" : "outcome.republished", subject: `proposal:${proposal.id}` },
    });
    await outbox.event(analysisRoom(proposal.id), "analysis:changed", { by: actor.id, what: "outcome" });
    if (!first) return 0;
    await notify(
      outbox,
      participants.map((userId) => ({
        userId,
        kind: "consultation-outcome" as const,
        title: `What we did with your feedback on ${proposal.title}`,
        link: `/proposals/${proposal.slug}/outcome`,
        emailText: `Thank you for taking part in the discussion of ${proposal.title}. The commissioners have published what people said and what they did about it.`,
      })),
    );
    return participants.length;
  });
  return ok({ notified });
}

/**
 * Everyone who commented, or registered for one of the proposal's meetings with an account, and
 * may read the proposal now: the notice names it, and a meeting's registrants (or commenters on a
 * proposal since made invitation-only) may not.
 */
async function participantIds(proposalId: string): Promise<string[]> {
  const [commenters, registrants] = await Promise.all([
    db.comment.findMany({ where: { proposalId, authorId: { not: null } }, distinct: ["authorId"], select: { authorId: true } }),
    db.registration.findMany({
      where: { meeting: { proposalId }, userId: { not: null }, status: "CONFIRMED" },
      distinct: ["userId"],
      select: { userId: true },
    }),
  ]);
  return [...(await readersOf(proposalId, [...commenters.map((c) => c.authorId!), ...registrants.map((r) => r.userId!)]))];
}

export async function findOutcome(proposalId: string) {
  return db.consultationOutcome.findUnique({ where: { proposalId }, select: { publishedAt: true } });
}

/**
 * The report for a reader: anyone who may read the proposal once the outcome is published,
 * commissioners at any time (with hidden comments' quotes, marked as such).
 */
export async function findReport(slug: string, viewer: SessionUser | null) {
  const access = await findProposalAccess({ slug }, viewer);
  if (!access) return null;
  const outcome = await findOutcome(access.id);
  if (!canReadReport(viewer, outcome)) return null;
  const proposal = (await findProposalForAnalysis(slug))!;
  const report = await loadReport(proposal, !canAnalyseFeedback(viewer));
  return {
    proposal: {
      id: proposal.id,
      slug: proposal.slug,
      title: proposal.title,
      discussionOpensAt: proposal.discussionOpensAt,
      discussionClosesAt: proposal.discussionClosesAt,
    },
    publishedAt: outcome?.publishedAt ?? null,
    ...report,
  };
}

/**
 * Everything in the consultation report. `forPublic` leaves out quotes from hidden or
 * pending comments and the names of people (organisations that responded are named).
 */
export async function loadReport(proposal: AnalysedProposal, forPublic: boolean) {
  const [summary, people, organisations, meetings, versions, sources, channels] = await Promise.all([
    loadSummary(proposal.id, sectionOptions(proposal)),
    db.$queryRaw<{ stakeholder: StakeholderType; people: bigint; comments: bigint }[]>`
      SELECT COALESCE(u."stakeholderType", c."respondentType", 'PUBLIC') AS stakeholder,
             -- each imported response is one person: there is no account to tell two apart
             count(DISTINCT c."authorId") + count(*) FILTER (WHERE c."authorId" IS NULL) AS people, count(*) AS comments
      FROM "Comment" c LEFT JOIN "User" u ON u."id" = c."authorId"
      WHERE c."proposalId" = ${proposal.id} AND c."deletedAt" IS NULL GROUP BY 1 ORDER BY 1`,
    db.comment.findMany({
      where: { proposalId: proposal.id, deletedAt: null, onBehalfOf: { not: null }, ...(forPublic ? publishableResponse : {}) },
      distinct: ["onBehalfOf"],
      orderBy: { onBehalfOf: "asc" },
      select: { onBehalfOf: true },
    }),
    db.meeting.findMany({
      where: { proposalId: proposal.id },
      orderBy: { startsAt: "asc" },
      select: { slug: true, title: true, startsAt: true, registrations: { where: { status: "CONFIRMED" }, select: { places: true, attendedAt: true } } },
    }),
    db.proposalVersion.findMany({
      where: { proposalId: proposal.id, number: { gt: 1 } },
      orderBy: { number: "asc" },
      select: { number: true, changeNote: true, publishedAt: true },
    }),
    themeSources(proposal.id),
    // Counted whether or not respondents agreed to publication: a number reveals no one's words.
    db.comment.groupBy({ by: ["channel"], where: { proposalId: proposal.id, deletedAt: null }, orderBy: { channel: "asc" }, _count: { _all: true } }),
  ]);
  const visible = <T extends { moderation: string; published: boolean }>(quotes: T[]) =>
    forPublic ? quotes.filter((q) => q.moderation === "VISIBLE" && q.published) : quotes;
  const sectionLabel = new Map(
    proposal.versions.flatMap((v) => v.sections.map((s) => [s.id, { version: v.number, number: s.number, heading: s.heading }] as const)),
  );
  return {
    ...summary,
    themes: summary.themes.map((theme) => ({
      ...theme,
      quotes: visible(theme.quotes),
      sources: sources.get(theme.id) ?? [],
      changedSections: theme.sectionIds.map((id) => sectionLabel.get(id)!).filter(Boolean),
    })),
    sections: summary.sections.map((section) => ({ ...section, quotes: visible(section.quotes) })),
    byChannel: channels.map((row) => ({ channel: row.channel, comments: row._count._all })),
    participation: people.map((row) => ({ stakeholder: row.stakeholder, people: Number(row.people), comments: Number(row.comments) })),
    organisations: organisations.map((o) => o.onBehalfOf!),
    meetings: meetings.map((m) => ({
      slug: m.slug,
      title: m.title,
      startsAt: m.startsAt,
      registered: m.registrations.reduce((sum, r) => sum + r.places, 0),
      attended: m.registrations.filter((r) => r.attendedAt).reduce((sum, r) => sum + r.places, 0),
    })),
    versions,
  };
}
export type Report = Awaited<ReturnType<typeof loadReport>>;

const SOURCES_PER_THEME = 10;

/** For each theme, the public comments behind it (key quotes and most agreed first). */
async function themeSources(proposalId: string) {
  const rows = await db.$queryRaw<{ themeId: string; id: string; body: string }[]>`
    SELECT "themeId", "id", "body" FROM (
      SELECT ct."themeId", c."id", left(c."body", 140) AS "body",
             row_number() OVER (PARTITION BY ct."themeId" ORDER BY c."keyQuote" DESC, c."agreeCount" DESC, c."createdAt") AS n
      FROM "CommentTheme" ct JOIN "Comment" c ON c."id" = ct."commentId"
      WHERE c."proposalId" = ${proposalId} AND c."deletedAt" IS NULL AND c."moderation" = 'VISIBLE'
        AND (c."channel" = 'PLATFORM' OR c."publicConsent")
    ) ranked WHERE n <= ${SOURCES_PER_THEME} ORDER BY n`;
  const byTheme = new Map<string, { id: string; excerpt: string }[]>();
  for (const row of rows) {
    if (!byTheme.has(row.themeId)) byTheme.set(row.themeId, []);
    byTheme.get(row.themeId)!.push({ id: row.id, excerpt: row.body });
  }
  return byTheme;
}

import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { findProposalAccess } from "#app/features/consultations/proposals.server";
import { canReadReport } from "./analysis.policy";
import { diffVersions } from "./version-diff";

/**
 * Two versions of a proposal compared section by section, for anyone who may read it.
 * Defaults to the latest version against the one before. The themes each changed section
 * answers are shown once the outcome is published (to commissioners before that).
 */
export async function findVersionComparison(slug: string, viewer: SessionUser | null, from?: number, to?: number) {
  const access = await findProposalAccess({ slug }, viewer);
  if (!access) return null;
  const [versions, outcome] = await Promise.all([
    db.proposalVersion.findMany({
      where: { proposalId: access.id },
      orderBy: { number: "asc" },
      select: {
        number: true,
        changeNote: true,
        publishedAt: true,
        sections: {
          orderBy: { position: "asc" },
          select: { id: true, number: true, heading: true, body: true, themes: { select: { theme: { select: { name: true } } } } },
        },
      },
    }),
    db.consultationOutcome.findUnique({ where: { proposalId: access.id }, select: { publishedAt: true } }),
  ]);
  const latest = versions[versions.length - 1].number;
  const toNumber = to ?? latest;
  const fromNumber = from ?? Math.max(1, toNumber - 1);
  const before = versions.find((v) => v.number === fromNumber);
  const after = versions.find((v) => v.number === toNumber);
  if (!before || !after) return { proposal: access, versions: versions.map((v) => v.number), from: fromNumber, to: toNumber, sections: null, changeNote: null };
  const showThemes = canReadReport(viewer, outcome);
  const themesOf = new Map(after.sections.map((s) => [s.id, showThemes ? s.themes.map((t) => t.theme.name) : []]));
  return {
    proposal: access,
    versions: versions.map((v) => v.number),
    from: fromNumber,
    to: toNumber,
    changeNote: after.changeNote,
    sections: diffVersions(before.sections, after.sections).map((d) => ({ ...d, themes: d.toSectionId ? (themesOf.get(d.toSectionId) ?? []) : [] })),
  };
}

import { Prisma } from "#app/generated/prisma/client";
import { db, type Db } from "#app/utils/db.server";
import type { Tx } from "#app/utils/outbox.server";
import type { SessionUser } from "#app/utils/auth.server";
import { viewProposal } from "./consultations.policy";
import { sectionParagraphs } from "./markdown.server";
import type { JoinRule } from "#app/utils/realtime-rooms";

/** What a signed-in reader has of their own on a proposal's page, laid over the shared render. */
export type ReaderState = { pending: boolean; agreed: Set<string> };

export type ProposalPageRow = PageRow;
type PageRow = ProposalAccessRow & {
  summary: string;
  statusNote: string | null;
  premoderation: boolean;
  /** JSON from the statement: dates arrive as strings. */
  versions: { id: string; number: number; changeNote: string | null; publishedAt: string }[];
  meetings: { slug: string; title: string; startsAt: string; endsAt: string; venueName: string | null }[];
  outcomePublishedAt: Date | null;
  invited: boolean;
  pending: boolean;
  agreed: string[];
};
type ProposalAccessRow = NonNullable<Awaited<ReturnType<typeof findProposalAccess>>>;

const sectionsOfVersion = (versionId: string) =>
  db.proposalSection.findMany({ where: { versionId }, orderBy: { position: "asc" }, select: { id: true, number: true, heading: true, body: true } });

/**
 * The proposal page in one round trip (ADR 020): the proposal, its versions, its meetings and
 * whether its outcome is published, whether this person is invited, and this reader's own state
 * (comments awaiting moderation, and which of the proposal's comments they agreed with). Access
 * is decided from the same row before anything is returned; the reader's state is only ever
 * their own. A published version's sections never change, so they come from `sections`
 * (the thread's cache); a draft's are read every time.
 */
export async function findProposalPage(
  slug: string,
  viewer: SessionUser | null,
  versionNumber: number | undefined,
  publishedSections: (proposalId: string, versionId: string, load: () => Promise<Section[]>) => Promise<Section[]>,
) {
  const [row] = await db.$queryRaw<PageRow[]>(proposalPageStatement(slug, Prisma.sql`${viewer?.id ?? null}`));
  return proposalPageFromRow(row ?? null, viewer, versionNumber, publishedSections);
}

/**
 * The page's statement, for the reader whose id is `readerId` (a parameter, or a column of an
 * enclosing statement: the signed-in fast path runs it beside the session check, ADR 024).
 */
export function proposalPageStatement(slug: string, readerId: Prisma.Sql) {
  return Prisma.sql`
    SELECT p.id, p.slug, p.title, p.status::text AS status, p.audience::text AS audience, p."discussionOpensAt", p."discussionClosesAt",
           p.summary, p."statusNote", p.premoderation,
           COALESCE((SELECT json_agg(json_build_object('id', v.id, 'number', v.number, 'changeNote', v."changeNote", 'publishedAt', v."publishedAt") ORDER BY v.number DESC)
                     FROM "ProposalVersion" v WHERE v."proposalId" = p.id), '[]') AS versions,
           COALESCE((SELECT json_agg(json_build_object('slug', m.slug, 'title', m.title, 'startsAt', m."startsAt", 'endsAt', m."endsAt", 'venueName', m."venueName") ORDER BY m."startsAt")
                     FROM "Meeting" m WHERE m."proposalId" = p.id), '[]') AS meetings,
           (SELECT o."publishedAt" FROM "ConsultationOutcome" o WHERE o."proposalId" = p.id) AS "outcomePublishedAt",
           EXISTS (SELECT 1 FROM "ProposalInvitation" i WHERE i."proposalId" = p.id AND i."userId" = ${readerId} AND i."acceptedAt" IS NOT NULL) AS invited,
           EXISTS (SELECT 1 FROM "Comment" c WHERE c."proposalId" = p.id AND c."authorId" = ${readerId} AND c.moderation = 'PENDING' AND c."deletedAt" IS NULL) AS pending,
           ARRAY(SELECT a."commentId" FROM "CommentAgree" a JOIN "Comment" c ON c.id = a."commentId" WHERE a."userId" = ${readerId} AND c."proposalId" = p.id) AS agreed
    FROM "Proposal" p WHERE p.slug = ${slug}`;
}

/** The page from its statement's row: null when there is no such proposal or version, or this reader may not see it. */
export async function proposalPageFromRow(
  row: PageRow | null,
  viewer: SessionUser | null,
  versionNumber: number | undefined,
  publishedSections: (proposalId: string, versionId: string, load: () => Promise<Section[]>) => Promise<Section[]>,
) {
  if (!row) return null;
  const { invited, pending, agreed, meetings, outcomePublishedAt, versions: rawVersions, summary, statusNote, premoderation, ...access } = row;
  if (!viewProposal.allows(viewer, { ...access, invited })) return null;
  const versions = rawVersions.map((v) => ({ ...v, publishedAt: new Date(v.publishedAt) }));
  const version = versionNumber ? versions.find((v) => v.number === versionNumber) : versions[0];
  if (!version) return null;
  const draft = access.status === "DRAFT";
  const load = () => sectionsOfVersion(version.id).then((rows) => rows.map((s) => ({ ...s, paragraphs: sectionParagraphs(s.body) })));
  const sections = draft ? await load() : await publishedSections(access.id, version.id, load);
  return {
    proposal: { ...access, summary, statusNote, premoderation, versions, version, isLatest: version.id === versions[0].id, sections },
    meetings: meetings.map((m) => ({ ...m, startsAt: new Date(m.startsAt), endsAt: new Date(m.endsAt) })),
    outcomePublished: outcomePublishedAt !== null,
    readerState: viewer ? ({ pending, agreed: new Set(agreed) } satisfies ReaderState) : null,
  };
}

export type Section = { id: string; number: string; heading: string; body: string; paragraphs: ReturnType<typeof sectionParagraphs> };

/**
 * Just enough to authorise an action, a live update or a socket room: the proposal's
 * basics, if this person may see it. No sections are loaded or parsed.
 */
export async function findProposalAccess(where: { slug: string } | { id: string }, viewer: { id: string; roles: SessionUser["roles"] } | null) {
  const proposal = await db.proposal.findUnique({
    where,
    select: { id: true, slug: true, title: true, status: true, audience: true, discussionOpensAt: true, discussionClosesAt: true },
  });
  if (!proposal) return null;
  const invited = viewer && proposal.audience === "INVITED" ? await isInvited(proposal.id, viewer.id) : false;
  return viewProposal.allows(viewer, { ...proposal, invited }) ? proposal : null;
}

/** Whether this person may read the proposal: what every command on it checks first. */
export async function mayViewProposal(viewer: { id: string; roles: SessionUser["roles"] } | null, proposalId: string): Promise<boolean> {
  return (await findProposalAccess({ id: proposalId }, viewer)) !== null;
}

/**
 * Which of these people may read the proposal, by the rule its page uses: a notice or an email
 * that names the proposal goes only to them. (Someone who once took part may not: a public
 * proposal can be made invitation-only.) Asked in a transaction that changes the proposal, it
 * answers for the proposal as the transaction leaves it.
 */
export async function readersOf(proposalId: string, userIds: Iterable<string>, client: Db | Tx = db): Promise<Set<string>> {
  const ids = [...new Set(userIds)];
  if (!ids.length) return new Set();
  const proposal = await client.proposal.findUnique({ where: { id: proposalId }, select: { status: true, audience: true } });
  if (!proposal) return new Set();
  // Open to everyone: no one's roles or invitations need reading.
  if (viewProposal.allows(null, { ...proposal, invited: false })) return new Set(ids);
  const [people, invitations] = await Promise.all([
    client.user.findMany({ where: { id: { in: ids } }, select: { id: true, roles: { select: { role: true } } } }),
    client.proposalInvitation.findMany({ where: { proposalId, userId: { in: ids }, acceptedAt: { not: null } }, select: { userId: true } }),
  ]);
  const invited = new Set(invitations.map((i) => i.userId));
  const readers = people.filter((person) =>
    viewProposal.allows({ id: person.id, roles: person.roles.map((r) => r.role) }, { ...proposal, invited: invited.has(person.id) }),
  );
  return new Set(readers.map((person) => person.id));
}

export async function isInvited(proposalId: string, userId: string): Promise<boolean> {
  const invitation = await db.proposalInvitation.findFirst({
    where: { proposalId, userId, acceptedAt: { not: null } },
    select: { id: true },
  });
  return invitation !== null;
}

/** The published proposals this person may read (drafts are listed on the manage pages). */
export function listProposals(viewer: SessionUser | null) {
  return db.proposal.findMany({
    where: { AND: [viewProposal.where(viewer), { status: { not: "DRAFT" } }] },
    orderBy: [{ discussionClosesAt: "desc" }],
    select: { id: true, slug: true, title: true, summary: true, status: true, audience: true, discussionOpensAt: true, discussionClosesAt: true },
  });
}

/**
 * A proposal's discussion: whoever may read the proposal (drafts and invitation-only proposals
 * stay closed to everyone else).
 */
export const mayJoinProposalRoom: JoinRule = async (viewer, proposalId) =>
  (await findProposalAccess({ id: proposalId }, viewer && { id: viewer.id, roles: [...viewer.roles] })) !== null;

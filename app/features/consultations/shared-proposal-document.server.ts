import { createHash } from "node:crypto";
import type { Prisma } from "#app/generated/prisma/client";
import type { SessionUser } from "#app/utils/auth.server";
import { CommentListQuerySchema, type CommentListQuery } from "./consultations.schema";
import { discussionState } from "./consultations.policy";
import { findProposalPage, proposalPageFromRow, proposalPageStatement, type ProposalPageRow } from "./proposals.server";
import { audienceOf, ownActionsOnPage, publishedSections } from "./thread.server";

// A signed-in reader's proposal page is, apart from a few strings and their own controls,
// the same document for every reader of the same kind (ADR 024). This decides, per request,
// whether this reader may be served the shared document and which one: the access check and
// everything the page shows that no event announces (meetings, outcome, status, dates) are read
// fresh in the page's one query, as the per-reader render does, and become part of the key.

/**
 * Query parameters of a page for one reader at one moment: a comment's panel opened without
 * JavaScript, the form pointed at a paragraph, the page after their own post. Rendered for them.
 */
const PERSONAL_PARAMS = ["reply", "edit", "report", "moderate", "target", "posted", "support", "pending"];

export type SharedDocumentPlan = {
  proposalId: string;
  /** Which shared document this reader gets: the page's data and the kind of reader, never who. */
  key: string;
  /** This reader's own controls, to put in place of the shared ones (`replaceActions`). */
  ownActions: { commentId: string; html: string }[];
};

// A request's URL is read twice (for its statement, then for its plan): parsed once.
const parsedQueries = new WeakMap<URL, CommentListQuery | null>();

/** The thread's query if this URL's page may be shared, else null. */
function sharedQuery(url: URL): CommentListQuery | null {
  let query = parsedQueries.get(url);
  if (query === undefined) {
    const parsed = PERSONAL_PARAMS.some((param) => url.searchParams.has(param)) ? null : CommentListQuerySchema.safeParse(Object.fromEntries(url.searchParams));
    query = parsed?.success ? parsed.data : null;
    parsedQueries.set(url, query);
  }
  return query;
}

/**
 * The page's statement for the reader whose id is given as a column, to run in the same round
 * trip as their session check (ADR 024); null when the page will be rendered for them anyway.
 * Its row goes to `planSharedProposalDocument`, which decides access from it as
 * `findProposalPage` does.
 */
export function proposalPageAlongSession(url: URL, slug: string): ((readerId: Prisma.Sql) => Prisma.Sql) | null {
  return sharedQuery(url) ? (readerId) => proposalPageStatement(slug, readerId) : null;
}

/**
 * The shared document this reader may be served, or null when the page must be rendered for
 * them alone (as before): a proposal they may not see (the per-reader render answers 404),
 * an invitation-only or draft proposal (never shared between readers), a panel opened by URL,
 * or comments of theirs awaiting moderation (which only they see).
 */
export async function planSharedProposalDocument(
  url: URL,
  slug: string,
  viewer: SessionUser,
  unread: number,
  pageRow?: ProposalPageRow | null,
): Promise<SharedDocumentPlan | null> {
  const query = sharedQuery(url);
  if (!query) return null;
  const versionNumber = Number(url.searchParams.get("version")) || undefined;
  // The page's statement, run with the session check when the caller could (`proposalPageAlongSession`).
  const page =
    pageRow === undefined
      ? await findProposalPage(slug, viewer, versionNumber, publishedSections)
      : await proposalPageFromRow(pageRow, viewer, versionNumber, publishedSections);
  if (!page || !page.readerState) return null;
  const { proposal, meetings, outcomePublished, readerState } = page;
  if (proposal.audience !== "PUBLIC" || proposal.status === "DRAFT") return null;
  const audience = audienceOf(viewer);
  if (readerState.pending && audience === "participant") return null;
  const state = discussionState(proposal);
  const canComment = state === "open" && proposal.isLatest;
  const ownActions = await ownActionsOnPage({
    proposalId: proposal.id,
    versionId: proposal.version.id,
    slug: proposal.slug,
    viewer,
    canComment,
    query,
    readerState,
  });
  // Everything the page shows apart from the thread (which events invalidate) and the reader's
  // identity (spliced in per request): a change to any of it is a different document.
  const { sections: _sections, ...shown } = proposal;
  const key = createHash("sha1")
    .update(
      JSON.stringify([
        shown,
        meetings,
        outcomePublished,
        state,
        url.search,
        audience,
        [...viewer.roles].sort(),
        viewer.emailVerified,
        viewer.stakeholderType,
        viewer.organisation !== null,
        unread > 0,
      ]),
    )
    .digest("base64");
  return { proposalId: proposal.id, key, ownActions };
}

import { renderToStaticMarkup } from "react-dom/server";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { rolesWith } from "#app/utils/permissions";
import { singleton } from "#app/utils/singleton.server";
import { commentCountsBySection, listComments, type CommentView } from "./comments.server";
import type { CommentListQuery } from "./consultations.schema";
import { canDeleteComment, canEditComment, canModerate } from "./consultations.policy";
import { ProposalText, type ProposalTextProps } from "./ui/proposal-text";
import { ACTIONS_OPEN, StaticActions, StaticCommentBody, type PersonalState, type StaticAudience } from "./ui/static-comment-item";

// One shared render of each page of a thread (ADR 020). Every reader of an audience
// (signed out, signed in, moderator) sees the same comments with the same buttons, so a page
// of comments is queried and rendered once and reused until a comment event on the proposal
// says it changed. What is a reader's own (comments they wrote or agreed with) is not in the
// shared render: for those few comments the controls are rendered for them and put in place
// of the shared ones, from the shared page's rows plus one query for their agrees. An item
// the reader opened a panel in (?reply=...) is rendered for them by React, forms and all.

export type Audience = "reader" | "participant" | "moderator";

/** A top-level comment on the page: shared HTML (no one's state) or this reader's own view. */
export type ThreadItem = { id: string; html?: string; view?: CommentView };

type SharedItem = {
  id: string;
  /** The item's inside as HTML, the same for everyone in the audience. */
  html: string;
  /** The audience's view of the item, to personalise when the reader has state in it. */
  view: CommentView;
  audience: StaticAudience;
  /** Every comment in the item, with its author and words, for the personal merge. */
  comments: { id: string; authorId: string | null; body: string }[];
  /**
   * A comment's controls as rendered for a reader's state (own, agreed, may edit, may delete):
   * they depend on nothing else but the item, so each is rendered once per shared page.
   */
  ownControls: Map<string, string>;
};

type SharedPage = { items: SharedItem[]; nextCursor: string | null; total: number };

type ProposalEntry = {
  pages: Map<string, Promise<SharedPage>>;
  counts?: Promise<Record<string, number>>;
  texts: Map<string, string>;
  /** A published version's sections, parsed: they never change (a revision is a new version). */
  sections: Map<string, Promise<unknown>>;
  /** Whole signed-in documents rendered for a stand-in reader (ADR 024), forgotten with the thread. */
  documents: Map<string, Promise<unknown>>;
  madeAt: number;
};

/**
 * Events say when a thread changed; this bounds what they cannot say, such as an author who
 * renames themselves: a shared render is made again at least once a minute.
 */
const MAX_AGE_MS = 60_000;

/**
 * The proposal page shows 15 top-level comments, each with its first 2 replies (and 2 of
 * theirs); the rest are a click away. About 45 items keep the first page near 100 KB for a
 * signed-in reader, where 50 comments with 3 replies each made about 200 items and 430 KB.
 */
export const THREAD_PAGE = { pageSize: 15, repliesShown: 2 };

// Enough pages for every sort and filter of the busy proposals; the oldest proposal goes first.
const MAX_PROPOSALS = 200;
const MAX_PAGES_PER_PROPOSAL = 200;

const cache = singleton("thread-cache", () => new Map<string, ProposalEntry>());

/** Shared documents kept at once, over every proposal (ADR 024). */
const MAX_DOCUMENTS = 300;
const documentOrder = singleton("shared-document-order", () => new Map<string, { documents: Map<string, unknown>; key: string }>());

/**
 * Forgets every shared render of a proposal. Called for each event published to the
 * proposal's room (new, edited, deleted, agreed, moderated comments; new versions and status
 * changes), on every app process.
 */
export function invalidateThread(proposalId: string) {
  cache.delete(proposalId);
}

function entryFor(proposalId: string): ProposalEntry {
  let entry = cache.get(proposalId);
  if (!entry || Date.now() - entry.madeAt > MAX_AGE_MS) {
    cache.delete(proposalId);
    if (cache.size >= MAX_PROPOSALS) cache.delete(cache.keys().next().value!);
    entry = { pages: new Map(), texts: new Map(), sections: new Map(), documents: new Map(), madeAt: Date.now() };
    cache.set(proposalId, entry);
  }
  return entry;
}

export function audienceOf(viewer: SessionUser | null): Audience {
  if (!viewer) return "reader";
  return canModerate(viewer) ? "moderator" : "participant";
}

/** A stand-in viewer with the audience's permissions and nobody's identity. */
function standIn(audience: Audience): SessionUser | null {
  if (audience === "reader") return null;
  // A moderator is whoever holds the permission to moderate: the roles that grant it, no others' names.
  return {
    id: "",
    email: "",
    displayName: "",
    stakeholderType: "PUBLIC",
    organisation: null,
    emailVerified: true,
    roles: audience === "moderator" ? rolesWith("moderate:comment:any") : [],
  };
}

function collect(view: CommentView, into: CommentView[] = []): CommentView[] {
  into.push(view);
  for (const reply of view.replies) collect(reply, into);
  return into;
}

async function renderSharedPage(proposalId: string, audience: StaticAudience & { audience: Audience }, query: CommentListQuery): Promise<SharedPage> {
  const viewer = standIn(audience.audience);
  const list = await listComments(proposalId, viewer, query, new Date(), THREAD_PAGE);
  const all = list.comments.flatMap((c) => collect(c));
  // Authors and words are not in the views the audience sees; fetched once per shared page.
  const rows = all.length ? await db.comment.findMany({ where: { id: { in: all.map((c) => c.id) } }, select: { id: true, authorId: true, body: true } }) : [];
  const byId = new Map(rows.map((r) => [r.id, r]));
  return {
    items: list.comments.map((view) => ({
      id: view.id,
      html: renderToStaticMarkup(<StaticCommentBody comment={view} audience={audience} level={1} />),
      view,
      audience,
      comments: collect(view).map((c) => byId.get(c.id) ?? { id: c.id, authorId: "", body: "" }),
      ownControls: new Map(),
    })),
    nextCursor: list.nextCursor,
    total: list.total,
  };
}

function sharedPage(proposalId: string, versionId: string, audience: StaticAudience & { audience: Audience }, query: CommentListQuery) {
  const entry = entryFor(proposalId);
  const key = [
    versionId,
    audience.audience,
    audience.canComment,
    query.sort,
    query.section ?? "",
    query.type ?? "",
    query.stance ?? "",
    query.cursor ?? "",
  ].join("|");
  let page = entry.pages.get(key);
  if (!page) {
    if (entry.pages.size >= MAX_PAGES_PER_PROPOSAL) entry.pages.delete(entry.pages.keys().next().value!);
    // The promise is kept, so readers arriving while it renders wait for the same render.
    page = renderSharedPage(proposalId, audience, query);
    entry.pages.set(key, page);
    page.catch(() => entry.pages.get(key) === page && entry.pages.delete(key));
  }
  return page;
}

/** Comments per section, counted once per change of the thread rather than on every visit. */
export function sectionCounts(proposalId: string): Promise<Record<string, number>> {
  const entry = entryFor(proposalId);
  if (!entry.counts) {
    const counts = commentCountsBySection(proposalId);
    entry.counts = counts;
    counts.catch(() => entry.counts === counts && (entry.counts = undefined));
  }
  return entry.counts;
}

/**
 * The proposal's contents and sections as shared HTML, with the comment counts. Published
 * versions never change (a revision is a new version, and its event clears the entry); a draft
 * is edited in place without an event, so it is rendered every time.
 */
export function sharedProposalText(proposalId: string, version: { id: string; draft: boolean }, props: ProposalTextProps): string {
  const render = () => renderToStaticMarkup(<ProposalText {...props} />);
  if (version.draft) return render();
  const texts = entryFor(proposalId).texts;
  const key = `${version.id}|${props.canComment}|${JSON.stringify(props.counts)}`;
  let html = texts.get(key);
  if (html === undefined) {
    html = render();
    texts.set(key, html);
  }
  return html;
}

/**
 * A published version's sections, loaded once per process and change of the proposal (for
 * `findProposalPage`); concurrent misses share one load.
 */
export function publishedSections<T>(proposalId: string, versionId: string, load: () => Promise<T>): Promise<T> {
  const sections = entryFor(proposalId).sections;
  let found = sections.get(versionId) as Promise<T> | undefined;
  if (!found) {
    found = load();
    sections.set(versionId, found);
    found.catch(() => sections.get(versionId) === found && sections.delete(versionId));
  }
  return found;
}

/**
 * In one round trip: whether this person has comments awaiting moderation here (which only
 * they may see, so the shared render will not do), and which of these comments they agreed with.
 */
async function readerState(proposalId: string, viewer: SessionUser, commentIds: string[]): Promise<{ pending: boolean; agreed: Set<string> }> {
  const [row] = await db.$queryRaw<{ pending: boolean; agreed: string[] }[]>`
    SELECT
      EXISTS (SELECT 1 FROM "Comment" WHERE "proposalId" = ${proposalId} AND "authorId" = ${viewer.id} AND moderation = 'PENDING' AND "deletedAt" IS NULL) AS pending,
      ARRAY(SELECT "commentId" FROM "CommentAgree" WHERE "userId" = ${viewer.id} AND "commentId" = ANY(${commentIds})) AS agreed`;
  return { pending: row.pending, agreed: new Set(row.agreed) };
}

/** The audience's view of a comment with this reader's own state laid over it. */
function personalise(
  view: CommentView,
  viewer: SessionUser,
  comments: Map<string, { authorId: string | null; body: string }>,
  agreed: Set<string>,
  now: Date,
): CommentView {
  const row = comments.get(view.id);
  const authorId = row?.authorId ?? "";
  const deletedAt = view.state === "deleted" ? now : null;
  const canEdit = canEditComment(viewer, { authorId, createdAt: view.createdAt, deletedAt }, now) && view.state !== "hidden";
  return {
    ...view,
    mine: authorId === viewer.id,
    agreedByMe: agreed.has(view.id),
    canEdit,
    canDelete: canDeleteComment(viewer, { authorId, deletedAt }),
    source: canEdit ? (row?.body ?? null) : null,
    replies: view.replies.map((reply) => personalise(reply, viewer, comments, agreed, now)),
  };
}

export type ThreadPageInput = {
  proposalId: string;
  versionId: string;
  slug: string;
  viewer: SessionUser | null;
  canComment: boolean;
  query: CommentListQuery;
  /** Comment ids the reader opened a panel on (?reply=, ?edit=...): rendered for them. */
  opened: string[];
  /** Render every item for this reader (a form came back with errors somewhere in it). */
  personal?: boolean;
  /** The reader's state if the page already read it with the proposal (saves a round trip). */
  readerState?: { pending: boolean; agreed: Set<string> } | null;
};

/**
 * A page of the thread for one reader: the shared render, with the items where this reader
 * has state of their own rendered for them. Readers with comments awaiting moderation (seen
 * only by them) get the page rendered for them alone, as before.
 */
export async function threadPage(input: ThreadPageInput, now = new Date()) {
  const { proposalId, viewer } = input;
  const everythingPersonal = async () => {
    const list = await listComments(proposalId, viewer, input.query, now, THREAD_PAGE);
    return { items: list.comments.map((view): ThreadItem => ({ id: view.id, view })), nextCursor: list.nextCursor, total: list.total, shared: false };
  };
  if (viewer && input.personal) return everythingPersonal();
  const audience = { audience: audienceOf(viewer), slug: input.slug, signedIn: !!viewer, canComment: input.canComment, moderator: canModerate(viewer) };
  const page = await sharedPage(proposalId, input.versionId, audience, input.query);
  if (!viewer)
    return { items: page.items.map((item): ThreadItem => ({ id: item.id, html: item.html })), nextCursor: page.nextCursor, total: page.total, shared: true };

  const { pending, agreed } =
    input.readerState ??
    (await readerState(
      proposalId,
      viewer,
      page.items.flatMap((item) => item.comments.map((c) => c.id)),
    ));
  // Moderators' shared render already has every pending comment.
  if (pending && audience.audience === "participant") return everythingPersonal();
  const opened = new Set(input.opened);
  const items = page.items.map((item): ThreadItem => {
    if (item.comments.some((c) => opened.has(c.id))) {
      return { id: item.id, view: personalise(item.view, viewer, new Map(item.comments.map((c) => [c.id, c])), agreed, now) };
    }
    const own = ownActions(item, viewer, agreed, now);
    return { id: item.id, html: own.reduce((html, { commentId, html: actions }) => replaceActions(html, commentId, actions), item.html) };
  });
  return { items, nextCursor: page.nextCursor, total: page.total, shared: true };
}

/**
 * This reader's own controls for the comments of an item they wrote or agreed with (usually
 * none): rendered for them, to be put in place of the shared ones with `replaceActions`.
 */
function ownActions(item: SharedItem, viewer: SessionUser, agreed: Set<string>, now: Date): { commentId: string; html: string }[] {
  const own = item.comments.filter((c) => c.authorId === viewer.id || agreed.has(c.id));
  if (own.length === 0) return [];
  const views = new Map(collect(personalise(item.view, viewer, new Map(item.comments.map((c) => [c.id, c])), agreed, now)).map((v) => [v.id, v]));
  return own.map(({ id }) => {
    const view = views.get(id)!;
    const state: PersonalState = { mine: view.mine, agreedByMe: view.agreedByMe, canEdit: view.canEdit, canDelete: view.canDelete };
    const key = `${id}|${state.mine}|${state.agreedByMe}|${state.canEdit}|${state.canDelete}`;
    let html = item.ownControls.get(key);
    if (html === undefined) {
      html = renderToStaticMarkup(<StaticActions comment={view} audience={item.audience} personal={state} />);
      // At most 16 states per comment of the page.
      item.ownControls.set(key, html);
    }
    return { commentId: id, html };
  });
}

/**
 * The controls to lay over a shared page of the thread for one reader (ADR 024): the same
 * shared page `threadPage` uses, and the same merge, returned as replacements rather than items.
 */
export async function ownActionsOnPage(
  input: Omit<ThreadPageInput, "opened" | "personal"> & { viewer: SessionUser; readerState: { pending: boolean; agreed: Set<string> } },
  now = new Date(),
) {
  const { viewer } = input;
  const audience = { audience: audienceOf(viewer), slug: input.slug, signedIn: true, canComment: input.canComment, moderator: canModerate(viewer) };
  const page = await sharedPage(input.proposalId, input.versionId, audience, input.query);
  return page.items.flatMap((item) => ownActions(item, viewer, input.readerState.agreed, now));
}

/**
 * A whole signed-in document shared by readers of the same kind (ADR 024), kept with the
 * proposal's shared thread so every event that forgets the thread forgets it too. Concurrent
 * misses share one render.
 */
export function sharedDocument<T>(proposalId: string, key: string, render: () => Promise<T>): Promise<T> {
  const documents = entryFor(proposalId).documents;
  let found = documents.get(key) as Promise<T> | undefined;
  if (!found) {
    // About 100 KB each: bounded across proposals, the oldest going first.
    if (documentOrder.size >= MAX_DOCUMENTS) {
      const [oldest, { documents: owner, key: oldestKey }] = documentOrder.entries().next().value!;
      owner.delete(oldestKey);
      documentOrder.delete(oldest);
    }
    documentOrder.delete(`${proposalId}|${key}`);
    documentOrder.set(`${proposalId}|${key}`, { documents, key });
    found = render();
    documents.set(key, found);
    const settled = found;
    settled.catch(() => documents.get(key) === settled && documents.delete(key));
  }
  return found;
}

/**
 * Puts a reader's own controls in place of a comment's shared ones: from the comment's actions
 * to the end of its article (the actions come last). Comment text cannot contain either
 * marker: Markdown's raw HTML is escaped.
 */
export function replaceActions(html: string, commentId: string, actions: string): string {
  const span = actionsSpan(html, commentId);
  return span ? html.slice(0, span.from) + actions + html.slice(span.to) : html;
}

/** Where `replaceActions` puts a comment's own controls in a page (character offsets), or null. */
export function actionsSpan(html: string, commentId: string): { from: number; to: number } | null {
  const heading = html.indexOf(`id="comment-${commentId}-by"`);
  if (heading < 0) return null;
  const articleEnd = html.indexOf("</article>", heading);
  const start = html.indexOf(ACTIONS_OPEN, heading);
  const from = start >= 0 && start < articleEnd ? start : articleEnd;
  return { from, to: articleEnd };
}

import crypto from "node:crypto";
import type { NextFunction, Request, Response } from "express";
import { accountDocumentKey } from "#app/features/accounts/account-document.server";
import type { ProposalPageRow } from "#app/features/consultations/proposals.server";
import { planSharedProposalDocument, proposalPageAlongSession } from "#app/features/consultations/shared-proposal-document.server";
import type { Prisma } from "#app/generated/prisma/client";
import { actionsSpan, replaceActions, sharedDocument } from "#app/features/consultations/thread.server";
import { authenticateCookieHeader, authenticateCookieHeaderWith, type Authenticated, type SessionUser } from "#app/utils/auth.server";
import { IDEMPOTENCY_FIELD } from "#app/utils/idempotency";
import { sendDocument } from "./compressed-documents";

// Signed-in pages without Remix's per-request render (ADR 024). Readers of a proposal get one
// document rendered by Remix for a stand-in reader of their kind, with their own name, ids and
// unread count spliced in where the stand-in's markers are, and their own comment controls put
// in place of the shared ones. The session, the access check and the reader's state are read
// for every request before anything is sent; only the render is shared. Everything else (a page
// nobody may share, a panel opened by URL, a reader with comments awaiting moderation) falls
// through to Remix's per-reader render. The account page is the reader's own document, reused
// while everything it shows (read fresh per request) is the same.

const PROPOSAL_PAGE = /^\/proposals\/([a-z0-9-]+)$/;

/**
 * What the stand-in's strings are rendered as. Random per process: no comment, name or title
 * can contain them, so only the places React put the stand-in's values are replaced.
 */
const MARK = `zq${crypto.randomBytes(9).toString("hex")}`;
const MARKS = { id: `${MARK}i`, email: `${MARK}e`, displayName: `${MARK}n`, organisation: `${MARK}o`, nonce: `${MARK}c`, idempotencyKey: `${MARK}k` };
/** The unread count is a number in the hydration data, so its marker is a number too. */
const UNREAD_MARK = 100_000_000_000_000 + crypto.randomInt(0, 2 ** 47);
const MARKER_PATTERN = new RegExp(`${MARK}[ieonck]|${UNREAD_MARK}`, "g");
/**
 * A form that creates something carries an idempotency key drawn with the page: a stored
 * document's keys become markers, and every drawing of it gets fresh ones, as a render would.
 */
const IDEMPOTENCY_KEY_VALUE = new RegExp(`(name="${IDEMPOTENCY_FIELD}"[^>]*? value=")[0-9a-f-]{36}"`, "g");

/** A render of the document for a (stand-in) reader: a request through Remix with the given context. */
export type RenderForStandIn = (url: string, reader: SessionUser, unread: number, cspNonce: string) => Promise<globalThis.Response>;

/**
 * The stand-in's document, prepared once so that each request only copies bytes: the page as
 * UTF-8, where each marker stands in it (and whether it is inside Remix's hydration script),
 * and, found on first use, where each comment's controls stand.
 */
type PreparedDocument = {
  bytes: Buffer;
  text: string;
  /** Where Remix's hydration data (JSON in a script) starts: markers after it are escaped for a JSON string. */
  scriptStart: number;
  marks: { start: number; end: number; mark: string; inScript: boolean }[];
  /** A comment's controls, from its actions to its article's end, in bytes (null: not on the page). */
  actions: Map<string, { from: number; to: number } | null>;
  contentType: string;
};
type SharedDocument = PreparedDocument | null;

function prepareDocument(page: string, contentType: string): SharedDocument {
  const scriptStart = page.indexOf("window.__remixContext");
  // Unknown shape: nothing is reused rather than a marker sent unreplaced.
  if (scriptStart < 0) return null;
  const html = page.slice(0, scriptStart).replace(IDEMPOTENCY_KEY_VALUE, `$1${MARKS.idempotencyKey}"`);
  const text = html + page.slice(scriptStart);
  const marks: PreparedDocument["marks"] = [];
  let byte = 0;
  let char = 0;
  for (const found of text.matchAll(MARKER_PATTERN)) {
    byte += Buffer.byteLength(text.slice(char, found.index));
    marks.push({ start: byte, end: byte + found[0].length, mark: found[0], inScript: found.index >= html.length });
    byte += found[0].length;
    char = found.index + found[0].length;
  }
  return { bytes: Buffer.from(text), text, scriptStart: html.length, marks, actions: new Map(), contentType };
}

/** Where `replaceActions` would put a reader's own controls for this comment, in the document's bytes. */
function actionsRange(document: PreparedDocument, commentId: string) {
  let range = document.actions.get(commentId);
  if (range === undefined) {
    // Only in the page's HTML, as `replaceActions` was only ever given that part.
    const span = actionsSpan(document.text.slice(0, document.scriptStart), commentId);
    range =
      span && span.to >= 0 ? { from: Buffer.byteLength(document.text.slice(0, span.from)), to: Buffer.byteLength(document.text.slice(0, span.to)) } : null;
    // At most one per comment on the page: bounded by the page.
    document.actions.set(commentId, range);
  }
  return range;
}

export type AuthenticatedLocals = { authenticated?: Authenticated; cspNonce?: string };

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#x27;" };
const escapeForHtml = (value: string) => value.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
// As Remix escapes its hydration data: a JSON string's inside, safe in a <script>.
const SCRIPT_ESCAPES: Record<string, string> = { "&": "\\u0026", "<": "\\u003c", ">": "\\u003e", "\u2028": "\\u2028", "\u2029": "\\u2029" };
const escapeForScript = (value: string) =>
  JSON.stringify(value)
    .slice(1, -1)
    .replace(/[&<>\u2028\u2029]/g, (c) => SCRIPT_ESCAPES[c]);

export function standInFor(viewer: SessionUser): SessionUser {
  return {
    id: MARKS.id,
    email: MARKS.email,
    displayName: MARKS.displayName,
    organisation: viewer.organisation === null ? null : MARKS.organisation,
    stakeholderType: viewer.stakeholderType,
    emailVerified: viewer.emailVerified,
    roles: viewer.roles,
  };
}

/** The shared document as this reader sees it. */
export function personaliseDocument(
  document: PreparedDocument,
  viewer: SessionUser,
  unread: number,
  nonce: string,
  ownActions: { commentId: string; html: string }[],
): Buffer[] {
  const values: Record<string, string> = {
    [MARKS.id]: viewer.id,
    [MARKS.email]: viewer.email,
    [MARKS.displayName]: viewer.displayName,
    [MARKS.organisation]: viewer.organisation ?? "",
    [MARKS.nonce]: nonce,
    [String(UNREAD_MARK)]: String(unread),
  };
  const valueOf = (mark: string) => (mark === MARKS.idempotencyKey ? crypto.randomUUID() : values[mark]);
  const replacements = ownActions.flatMap(({ commentId, html }) => {
    const range = actionsRange(document, commentId);
    return range ? [{ ...range, html }] : [];
  });
  replacements.sort((a, b) => a.from - b.from);
  // Controls of different comments never overlap (each ends its own article); if they ever did,
  // the one-by-one string replacement decides, as it always did.
  if (replacements.some((r, i) => i > 0 && r.from < replacements[i - 1].to)) return [Buffer.from(personaliseText(document, valueOf, ownActions))];
  const { bytes } = document;
  const chunks: Buffer[] = [];
  let at = 0;
  let next = 0;
  const replaceUpTo = (position: number) => {
    for (; next < replacements.length && replacements[next].from <= position; next++) {
      chunks.push(bytes.subarray(at, replacements[next].from), Buffer.from(replacements[next].html));
      at = replacements[next].to;
    }
  };
  for (const { start, end, mark, inScript } of document.marks) {
    replaceUpTo(start);
    // A marker inside controls that were replaced is gone with them.
    if (start < at) continue;
    chunks.push(bytes.subarray(at, start), Buffer.from(inScript ? escapeForScript(valueOf(mark)) : escapeForHtml(valueOf(mark))));
    at = end;
  }
  replaceUpTo(Infinity);
  chunks.push(bytes.subarray(at));
  // The pieces as they are: sendDocument writes them together, or compresses them.
  return chunks;
}

/** The same, one string replacement after another over the whole page. */
function personaliseText(document: PreparedDocument, valueOf: (mark: string) => string, ownActions: { commentId: string; html: string }[]) {
  const html = ownActions.reduce(
    (page, { commentId, html: actions }) => replaceActions(page, commentId, actions),
    document.text.slice(0, document.scriptStart),
  );
  const script = document.text.slice(document.scriptStart);
  return html.replace(MARKER_PATTERN, (mark) => escapeForHtml(valueOf(mark))) + script.replace(MARKER_PATTERN, (mark) => escapeForScript(valueOf(mark)));
}

/**
 * How one kind of page may be served without Remix's per-request render, decided per request
 * by the page's feature from fresh data: a document shared by readers of the same kind (a
 * stand-in's render, kept with the proposal's thread), or this reader's own document reused
 * while everything it shows is unchanged. Null: Remix renders the page as usual.
 */
export type DocumentPlan =
  { kind: "shared"; proposalId: string; key: string; ownActions: { commentId: string; html: string }[] } | { kind: "own"; key: string };

export type DocumentPage = {
  path: RegExp;
  /**
   * The page's own statement about the reader (given their id as a column), run in the same
   * round trip as the session check; its row (null if none, or no valid session) goes to `plan`.
   */
  alongside?: (url: URL, match: RegExpExecArray) => ((readerId: Prisma.Sql) => Prisma.Sql) | null;
  plan: (url: URL, match: RegExpExecArray, viewer: SessionUser, unread: number, row: object | null | undefined) => Promise<DocumentPlan | null>;
};

/** Signed-in proposal pages (ADR 024): shared per kind of reader. */
export const PROPOSAL_DOCUMENTS: DocumentPage = {
  path: PROPOSAL_PAGE,
  alongside: (url, match) => proposalPageAlongSession(url, match[1]),
  plan: async (url, match, viewer, unread, row) => {
    const plan = await planSharedProposalDocument(url, match[1], viewer, unread, row as ProposalPageRow | null | undefined);
    return plan && { kind: "shared", ...plan };
  },
};

/** The signed-in account page: the reader's own document, reused while what it shows is unchanged. */
export const ACCOUNT_DOCUMENT: DocumentPage = {
  path: /^\/account$/,
  plan: async (url, _match, viewer, unread) => ({ kind: "own", key: await accountDocumentKey(url, viewer, unread) }),
};

// A reader's own documents (their account page): one each for the most recent readers.
const MAX_OWN_DOCUMENTS = 1000;
/** Bounds what a plan's key could miss; the key already holds everything the page shows. */
const OWN_DOCUMENT_MS = 60_000;

export function signedInDocumentCache(options: { sessionCookie: string; render: RenderForStandIn; pages: DocumentPage[] }) {
  const cookiePattern = new RegExp(`(?:^|;\\s*)${options.sessionCookie}=`);
  const ownDocuments = new Map<string, { document: Promise<SharedDocument>; expires: number }>();

  async function render(req: Request, reader: SessionUser, unread: number): Promise<SharedDocument> {
    const url = `${req.protocol}://${req.get("host")}${req.originalUrl}`;
    const response = await options.render(url, reader, unread, MARKS.nonce);
    const contentType = response.headers.get("content-type") ?? "";
    if (response.status !== 200 || !contentType.startsWith("text/html") || response.headers.has("set-cookie")) {
      await response.body?.cancel();
      return null;
    }
    return prepareDocument(await response.text(), contentType);
  }

  function ownDocument(req: Request, viewer: SessionUser, unread: number, key: string): Promise<SharedDocument> {
    const id = `${viewer.id}|${key}`;
    const found = ownDocuments.get(id);
    if (found && found.expires > Date.now()) return found.document;
    ownDocuments.delete(id);
    if (ownDocuments.size >= MAX_OWN_DOCUMENTS) ownDocuments.delete(ownDocuments.keys().next().value!);
    // Rendered for the reader themselves: no markers but the nonce.
    const document = render(req, viewer, unread);
    ownDocuments.set(id, { document, expires: Date.now() + OWN_DOCUMENT_MS });
    document.catch(() => ownDocuments.get(id)?.document === document && ownDocuments.delete(id));
    return document;
  }

  return async function signedInDocument(req: Request, res: Response<unknown, AuthenticatedLocals>, next: NextFunction) {
    if (req.method !== "GET" || "_data" in req.query || !cookiePattern.test(req.headers.cookie ?? "")) return next();
    let page: DocumentPage | undefined;
    let match: RegExpExecArray | null = null;
    for (page of options.pages) if ((match = page.path.exec(req.path))) break;
    if (!page || !match) return next();
    try {
      const url = new URL(req.originalUrl, "http://localhost");
      // One round trip: the session and, where the page has one, its statement about the reader.
      const alongside = page.alongside?.(url, match);
      const { authenticated, row } = alongside
        ? await authenticateCookieHeaderWith(req.headers.cookie, alongside)
        : { authenticated: await authenticateCookieHeader(req.headers.cookie), row: undefined };
      // Remix's load context takes this rather than reading the session a second time.
      res.locals.authenticated = authenticated;
      const { user } = authenticated;
      if (!user) return next();
      const unread = authenticated.unreadNotifications ?? 0;
      const plan = await page.plan(url, match, user, unread, row);
      if (!plan) return next();
      const document =
        plan.kind === "shared"
          ? await sharedDocument(plan.proposalId, plan.key, () => render(req, standInFor(user), unread > 0 ? UNREAD_MARK : 0))
          : await ownDocument(req, user, unread, plan.key);
      if (!document) return next();
      if (authenticated.setCookie) res.append("Set-Cookie", authenticated.setCookie);
      res.set({ "Content-Type": document.contentType, "X-Page-Cache": plan.kind });
      await sendDocument(req, res, personaliseDocument(document, user, unread, res.locals.cspNonce as string, plan.kind === "shared" ? plan.ownActions : []));
    } catch (error) {
      next(error);
    }
  };
}

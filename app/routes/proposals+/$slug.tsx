import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useRevalidator, useSearchParams, useSubmit } from "@remix-run/react";
import { useEffect, useRef, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from "react";
import { Button, Select } from "#app/components/ui/fields";
import { STAKEHOLDER_TYPE_LABELS } from "#app/features/accounts/accounts.schema";
import type { CommentView } from "#app/features/consultations/comments.server";
import { commentIntents } from "#app/features/consultations/comment-intents.server";
import { publishedSections, sectionCounts, sharedProposalText, threadPage, type ThreadItem } from "#app/features/consultations/thread.server";
import { COMMENT_LIST_FORM, COMMENT_SORTS, CommentListQuerySchema, STANCE_LABELS } from "#app/features/consultations/consultations.schema";
import { canModerate, discussionState } from "#app/features/consultations/consultations.policy";
import { proposalRoom } from "#app/features/consultations/consultations.events";
import { findProposalAccess, findProposalPage } from "#app/features/consultations/proposals.server";
import { quoteOf } from "#app/features/consultations/markdown.server";
import { crisisSupport } from "#app/features/safeguarding/safeguarding";
import { CrisisSupport } from "#app/features/safeguarding/ui/crisis-support";
import { CommentForm, type CommentTarget } from "#app/features/consultations/ui/comment-form";
import { ConfirmEmailNotice, useNeedsEmailConfirmation } from "#app/features/accounts/ui/confirm-email-notice";
import { CommentItem, type CommentContext } from "#app/features/consultations/ui/comment-item";
import { formatDate, formatDateTime, formatTime } from "#app/utils/dates";
import { getEnv } from "#app/utils/env.server";
import { formAction } from "#app/utils/form-actions.server";
import { skipReloadWhenRefused, useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";
import { usePresence, useRoomEvents } from "#app/utils/realtime-context";
import { useSharedFragments } from "#app/utils/shared-fragments";
import { useHydrated } from "#app/utils/use-hydrated";

/** Query parameters that open a comment's panel without JavaScript. */
const OPENABLE_PANELS = ["reply", "edit", "report", "moderate"] as const;

const STATUS_TEXT = {
  DRAFT: "Draft",
  OPEN: "Open for comment",
  CLOSED: "Closed for comment",
  UNDER_REVIEW: "Feedback under review",
  REVISED: "Revised",
  DECIDED: "Decided",
} as const;

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  const url = new URL(request.url);
  const versionParam = Number(url.searchParams.get("version")) || undefined;
  // One round trip for the proposal, its meetings and outcome, access, and this reader's own
  // state; a published version's sections come from the thread's cache (ADR 020).
  const page = await findProposalPage(params.slug ?? "", context.user, versionParam, publishedSections);
  if (!page) throw new Response("Not found", { status: 404 });
  const { proposal, meetings, outcomePublished, readerState } = page;
  const query = CommentListQuerySchema.parse(Object.fromEntries(url.searchParams));
  const state = discussionState(proposal);
  const canComment = !!context.user && state === "open" && proposal.isLatest;
  const thread = threadPage({
    proposalId: proposal.id,
    versionId: proposal.version.id,
    slug: proposal.slug,
    viewer: context.user,
    canComment,
    query,
    opened: OPENABLE_PANELS.flatMap((panel) => url.searchParams.getAll(panel)),
    // A form posted without JavaScript comes back with its errors beside it, in any comment.
    personal: context.documentPost,
    readerState,
  });
  const [list, counts] = await Promise.all([thread, sectionCounts(proposal.id)]);
  const text = sharedProposalText(
    proposal.id,
    { id: proposal.version.id, draft: proposal.status === "DRAFT" },
    { sections: proposal.sections, counts, canComment },
  );
  const items = list.items.map((item): ThreadItem =>
    item.html === undefined ? item : { id: item.id, html: sharedOnce(context, `comment-${item.id}`, item.html) },
  );

  // ?target=<sectionId>[:<paragraph>] picks what the form comments on, without JavaScript.
  const [targetSection, targetParagraph] = (url.searchParams.get("target") ?? "").split(":");
  const section = proposal.sections.find((s) => s.id === targetSection);
  const paragraph = section && targetParagraph !== undefined ? section.paragraphs[Number(targetParagraph)] : undefined;
  const target: CommentTarget = !section
    ? { kind: "whole" }
    : paragraph
      ? {
          kind: "paragraph",
          sectionId: section.id,
          paragraphIndex: paragraph.index,
          label: `section ${section.number}, paragraph ${paragraph.index + 1}`,
          quote: quoteOf(paragraph),
        }
      : { kind: "section", sectionId: section.id, label: `section ${section.number}, ${section.heading}` };

  return json({
    outcomePublished,
    proposal: {
      id: proposal.id,
      slug: proposal.slug,
      title: proposal.title,
      summary: proposal.summary,
      status: proposal.status,
      statusNote: proposal.statusNote,
      premoderation: proposal.premoderation,
      discussionOpensAt: proposal.discussionOpensAt,
      discussionClosesAt: proposal.discussionClosesAt,
      versions: proposal.versions,
      version: proposal.version,
      isLatest: proposal.isLatest,
      // The text itself is shared HTML (`text`); the page needs only the sections' names.
      sections: proposal.sections.map((s) => ({ id: s.id, number: s.number, heading: s.heading })),
    },
    meetings,
    text: sharedOnce(context, "proposal-text", text),
    items,
    nextCursor: list.nextCursor,
    total: list.total,
    query,
    discussion: state,
    target,
    viewer: context.user ? { id: context.user.id, organisation: context.user.organisation, moderator: canModerate(context.user) } : null,
    support: url.searchParams.get("support") === "1" ? crisisSupport(getEnv().CRISIS_LINE) : null,
    posted: url.searchParams.get("posted"),
  });
}

const PANEL_PARAMS = ["reply", "edit", "report", "moderate", "target", "posted", "support", "pending"];

/**
 * Back to the page at the comment, without the panel that was open; says whether the words
 * call for crisis support or wait for a moderator.
 */
function backToComment(url: URL, made: { commentId: string; crisis?: boolean; pending?: boolean }) {
  const back = new URL(url);
  for (const param of PANEL_PARAMS) back.searchParams.delete(param);
  if (made.crisis) back.searchParams.set("support", "1");
  if (made.pending) back.searchParams.set("pending", "1");
  back.searchParams.set("posted", made.commentId);
  return redirect(`${back.pathname}${back.search}#comment-${made.commentId}`);
}

// Pure: the browser build drops the action (its .server imports are empty there; see ADR 027).
export const action = /* @__PURE__ */ formAction(
  async ({ request, params, context }) => {
    const actor = requireUser(context, request);
    const proposal = await findProposalAccess({ slug: params.slug ?? "" }, actor);
    if (!proposal) throw new Response("Not found", { status: 404 });
    return { actor, proposalId: proposal.id, url: new URL(request.url), publisher: context.publisher };
  },
  (intent) => commentIntents(intent, (made, { url }) => backToComment(url, made)),
);

/**
 * HTML that is the same for many readers (the proposal's text, the shared render of the
 * thread) goes into a page once: on a document request it is rendered from the load context
 * and left out of the data for hydration; the browser's router gets it as data.
 */
function sharedOnce(context: LoaderFunctionArgs["context"], key: string, html: string): string | undefined {
  if (!context.documentRequest) return html;
  context.sharedFragments.set(key, html);
  return undefined;
}

/** Shared HTML from the loader, or, in the server's render of a document, from the load context. */
function SharedHtml({
  as: Tag = "div",
  html,
  fragment,
  ...props
}: {
  as?: "div" | "li";
  html: string | undefined;
  fragment: string;
  className?: string;
  id?: string;
}) {
  const fragments = useSharedFragments();
  // In the browser after a document request the HTML is "", and React keeps what the server sent.
  return <Tag {...props} dangerouslySetInnerHTML={{ __html: html ?? fragments.get(fragment) ?? "" }} suppressHydrationWarning />;
}

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

/**
 * The proposal's text, shared HTML. Its "Comment on ..." links act as buttons once JavaScript
 * runs: they point the comment form at the paragraph or section in place.
 */
function ProposalTextArea({
  html,
  sections,
  onChoose,
}: {
  html: string | undefined;
  sections: LoaderData["proposal"]["sections"];
  onChoose: ((target: CommentTarget) => void) | null;
}) {
  const area = useRef<HTMLDivElement>(null);
  useEffect(() => {
    for (const link of area.current?.querySelectorAll("a.app-target-link") ?? []) link.setAttribute("role", "button");
  }, [html]);
  const targetOf = (element: EventTarget): CommentTarget | null => {
    const link = (element as Element).closest<HTMLAnchorElement>("a.app-target-link");
    if (!link || !onChoose) return null;
    const [sectionId, paragraph] = (new URL(link.href).searchParams.get("target") ?? "").split(":");
    const section = sections.find((s) => s.id === sectionId);
    if (!section) return null;
    if (paragraph === undefined) return { kind: "section", sectionId: section.id, label: `section ${section.number}, ${section.heading}` };
    const index = Number(paragraph);
    return {
      kind: "paragraph",
      sectionId: section.id,
      paragraphIndex: index,
      label: `section ${section.number}, paragraph ${index + 1}`,
      quote: quoteOnPage(`paragraph-${section.id}-${index}`),
    };
  };
  const choose = (event: MouseEvent | KeyboardEvent) => {
    const target = targetOf(event.target);
    if (!target) return;
    event.preventDefault();
    onChoose!(target);
  };
  return (
    // Delegation: the handlers act on the shared HTML's links (acting as buttons).
    <div
      ref={area}
      onClick={(event) => !event.ctrlKey && !event.metaKey && !event.shiftKey && choose(event)}
      onKeyDown={(event) => event.key === " " && choose(event)}
    >
      <SharedHtml html={html} fragment="proposal-text" />
    </div>
  );
}

/** A paragraph's words as the comment form previews them (the server keeps its own quote). */
function quoteOnPage(elementId: string, max = 240): string {
  const plain = (document.getElementById(elementId)?.textContent ?? "").replace(/\s+/g, " ").trim();
  return plain.length > max ? `${plain.slice(0, max - 1).trimEnd()}…` : plain;
}

type Panel = (typeof OPENABLE_PANELS)[number];

/** Which item of the page (a top-level comment) a comment is shown in, found in the document. */
function itemOf(commentId: string): string | null {
  const item = document.getElementById(`comment-${commentId}`)?.closest(".app-comment--level-1");
  return item ? item.id.slice("comment-".length) : null;
}

/**
 * Live changes and the reader's own actions on the page. Items from the shared render are
 * plain HTML; when one changes, or the reader opens one of its panels, it is fetched as this
 * reader sees it and rendered by React from then on ("brought to life").
 */
function useLiveComments(data: LoaderData) {
  const [newTopLevel, setNewTopLevel] = useState(0);
  const [liveReplies, setLiveReplies] = useState<Record<string, CommentView[]>>({});
  const [livePatches, setLivePatches] = useState<Record<string, CommentView>>({});
  const [liveItems, setLiveItems] = useState<Record<string, CommentView>>({});
  const [opened, setOpened] = useState<{ commentId: string; panel: Panel } | null>(null);
  // Fresh loader data already contains everything: start counting again.
  useEffect(() => {
    setNewTopLevel(0);
    setLiveReplies({});
    setLivePatches({});
    setLiveItems({});
    setOpened(null);
  }, [data.items]);

  const fetchComment = async (commentId: string, withReplies = false): Promise<CommentView | null> => {
    const response = await fetch(`/proposals/${data.proposal.slug}/comments/${commentId}/view${withReplies ? "?replies=1" : ""}`);
    if (!response.ok) return null;
    return ((await response.json()) as { comment: CommentView }).comment;
  };
  const isLive = (itemId: string) => !!liveItems[itemId] || !!data.items.find((item) => item.id === itemId)?.view;
  const bringToLife = async (itemId: string) => {
    const view = await fetchComment(itemId, true);
    if (view) setLiveItems((current) => ({ ...current, [itemId]: view }));
  };

  useRoomEvents(proposalRoom(data.proposal.id), async (event) => {
    if (event.name === "comment:created") {
      const payload = event.payload;
      if (!payload.parentId) {
        // New threads wait behind a button instead of moving the page under the reader.
        if (payload.authorId !== data.viewer?.id) setNewTopLevel((n) => n + 1);
        return;
      }
      const item = itemOf(payload.parentId);
      if (!item) return;
      if (!isLive(item)) await bringToLife(item);
      const view = await fetchComment(payload.commentId);
      if (view) setLiveReplies((current) => ({ ...current, [payload.parentId!]: [...(current[payload.parentId!] ?? []), view] }));
    } else if (event.name === "comment:updated") {
      const payload = event.payload;
      const item = itemOf(payload.commentId);
      if (!item) return;
      if (!isLive(item)) return bringToLife(item);
      const view = await fetchComment(payload.commentId);
      if (view) setLivePatches((current) => ({ ...current, [payload.commentId]: view }));
    }
  });

  /** A panel's button in a shared item: bring the item to life with that panel open. */
  const openPanel = async (commentId: string, panel: Panel) => {
    const item = itemOf(commentId);
    if (!item) return;
    // Set first: the item's CommentItem reads it when it mounts.
    setOpened({ commentId, panel });
    await bringToLife(item);
  };
  return { newTopLevel, liveReplies, livePatches, liveItems, opened, openPanel };
}

/**
 * The page's comments: each either the shared render's HTML (kept as the server sent it: its
 * text is not in the hydration data) or, where the reader has state of their own in it or it
 * has come to life, a CommentItem. Clicks and posts in shared items are handled here.
 */
function CommentList({ items, live, context }: { items: ThreadItem[]; live: ReturnType<typeof useLiveComments>; context: CommentContext }) {
  const submit = useSubmit();
  const list = useRef<HTMLUListElement>(null);
  // The shared HTML's panel links act as buttons once JavaScript runs: they open in place.
  useEffect(() => {
    for (const toggle of list.current?.querySelectorAll("a.app-toggle") ?? []) toggle.setAttribute("role", "button");
  }, [items, live.liveItems]);
  const toggleOf = (event: { target: EventTarget }) => (event.target as Element).closest<HTMLAnchorElement>("a.app-toggle");
  // The link says what it opens: ?<panel>=<comment id>.
  const open = (toggle: HTMLAnchorElement) => {
    const [panel, commentId] = [...new URL(toggle.href).searchParams][0] ?? [];
    if (panel && commentId && (OPENABLE_PANELS as readonly string[]).includes(panel)) void live.openPanel(commentId, panel as Panel);
  };
  const onClick = (event: MouseEvent<HTMLUListElement>) => {
    const toggle = toggleOf(event);
    if (!toggle || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    open(toggle);
  };
  // A button is pressed with the space bar too.
  const onKeyDown = (event: KeyboardEvent<HTMLUListElement>) => {
    const toggle = toggleOf(event);
    if (!toggle || event.key !== " ") return;
    event.preventDefault();
    open(toggle);
  };
  const onSubmit = (event: FormEvent<HTMLUListElement>) => {
    const form = event.target as HTMLFormElement;
    // Forms rendered by React submit themselves (and say so); the shared HTML's plain forms
    // are sent the same way here.
    if (event.defaultPrevented || !(form instanceof HTMLFormElement)) return;
    event.preventDefault();
    const submitter = (event.nativeEvent as SubmitEvent).submitter;
    submit(submitter instanceof HTMLButtonElement ? submitter : form, { method: "post", preventScrollReset: true });
  };
  return (
    // Delegation: the handlers act on the shared HTML's links (acting as buttons) and forms.
    <ul ref={list} className="app-comment-list" onClick={onClick} onKeyDown={onKeyDown} onSubmit={onSubmit}>
      {items.map((item) => {
        const view = live.liveItems[item.id] ?? item.view;
        if (view) return <CommentItem key={item.id} comment={view} context={context} level={1} />;
        return (
          <SharedHtml
            key={item.id}
            as="li"
            className="app-comment app-comment--level-1"
            id={`comment-${item.id}`}
            html={item.html}
            fragment={`comment-${item.id}`}
          />
        );
      })}
    </ul>
  );
}

export default function ProposalPage() {
  const data = useLoaderData<typeof loader>();
  // Which form the last reply answers: the new comment's, the list's buttons', or one in a comment.
  const reply = useFormReply<typeof action>();
  const mainReply = reply?.form === "have-your-say" ? reply : undefined;
  // A form the page could not read (an unknown intent) is reported where the list's buttons are.
  const listReply = reply?.form === COMMENT_LIST_FORM || reply?.form === "form" ? reply : undefined;
  const [searchParams] = useSearchParams();
  const hydrated = useHydrated();
  const revalidator = useRevalidator();
  const { proposal, viewer } = data;
  const live = useLiveComments(data);
  const viewers = usePresence(proposalRoom(proposal.id));
  const [target, setTarget] = useState<CommentTarget>(data.target);
  useEffect(() => setTarget(data.target), [data.target]);
  const bodyRef = useRef<HTMLTextAreaElement>(null);
  const canComment = !!viewer && data.discussion === "open" && proposal.isLatest;
  const needsEmailConfirmation = useNeedsEmailConfirmation();

  const chooseTarget = (next: CommentTarget) => {
    setTarget(next);
    document.getElementById("have-your-say")?.scrollIntoView();
    bodyRef.current?.focus();
  };

  const context: CommentContext = {
    slug: proposal.slug,
    signedIn: !!viewer,
    canComment,
    moderator: !!viewer?.moderator,
    organisation: viewer?.organisation ?? null,
    reply: reply && reply.form !== "have-your-say" ? { form: reply.form, errors: reply.errors, values: reply.values } : null,
    liveReplies: live.liveReplies,
    livePatches: live.livePatches,
    opened: live.opened,
  };

  return (
    <>
      <span className="nhsuk-caption-l">
        <strong className={`nhsuk-tag ${proposal.status === "OPEN" ? "nhsuk-tag--green" : "nhsuk-tag--grey"}`}>{STATUS_TEXT[proposal.status]}</strong>
      </span>
      <h1>{proposal.title}</h1>
      <p className="nhsuk-lede-text">{proposal.summary}</p>
      {proposal.discussionClosesAt ? (
        <p>
          <strong>Discussion period:</strong> {proposal.discussionOpensAt ? `${formatDate(proposal.discussionOpensAt)} to ` : ""}
          {formatDateTime(proposal.discussionClosesAt)}
        </p>
      ) : null}
      {proposal.statusNote ? (
        <div className="nhsuk-inset-text">
          <p>{proposal.statusNote}</p>
        </div>
      ) : null}
      {!proposal.isLatest ? (
        <div className="nhsuk-warning-callout">
          <h2 className="nhsuk-warning-callout__label">
            <span role="text">
              <span className="nhsuk-u-visually-hidden">Important: </span>You are reading version {proposal.version.number}
            </span>
          </h2>
          <p>
            This is an earlier version. <Link to={`/proposals/${proposal.slug}`}>Read the current version</Link>.
          </p>
        </div>
      ) : null}
      {proposal.versions.length > 1 ? (
        <details className="nhsuk-details">
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Versions of this proposal</span>
          </summary>
          <div className="nhsuk-details__text">
            <ul>
              {proposal.versions.map((v) => (
                <li key={v.id}>
                  <Link to={`/proposals/${proposal.slug}?version=${v.number}`}>Version {v.number}</Link>, {formatDate(v.publishedAt)}
                  {v.changeNote ? `: ${v.changeNote}` : ""}
                </li>
              ))}
            </ul>
          </div>
        </details>
      ) : null}
      {data.meetings.length ? (
        <div className="nhsuk-inset-text">
          <p>
            {data.meetings.map((m) => (
              <span key={m.slug}>
                <Link to={`/meetings/${m.slug}`}>{m.title}</Link>: {formatDate(m.startsAt)}, {formatTime(m.startsAt)} to {formatTime(m.endsAt)}
                {m.venueName ? `, ${m.venueName}` : ""}.{" "}
              </span>
            ))}
          </p>
        </div>
      ) : null}
      {data.outcomePublished ? (
        <div className="nhsuk-inset-text">
          <p>
            The discussion has closed. <Link to={`/proposals/${proposal.slug}/outcome`}>What we did with your feedback</Link>
          </p>
        </div>
      ) : null}
      <p>
        <Link to={`/proposals/${proposal.slug}/timeline`}>Timeline: from discussion to decision</Link>
        {proposal.versions.length > 1 ? (
          <>
            {" "}
            · <Link to={`/proposals/${proposal.slug}/changes`}>What changed between versions</Link>
          </>
        ) : null}
      </p>
      <p className="nhsuk-body-s" aria-live="polite" data-testid="presence">
        {viewers !== null ? `${viewers} ${viewers === 1 ? "person" : "people"} viewing now` : ""}
      </p>

      <ProposalTextArea html={data.text} sections={proposal.sections} onChoose={canComment ? chooseTarget : null} />

      <section aria-labelledby="have-your-say-heading" className="app-have-your-say" id="have-your-say">
        <h2 id="have-your-say-heading">Have your say</h2>
        {data.support ? <CrisisSupport contacts={data.support} what="comment" /> : null}
        {!viewer ? (
          <p>
            <Link to={`/auth/sign-in?redirectTo=${encodeURIComponent(`/proposals/${proposal.slug}`)}`}>Sign in</Link> or{" "}
            <Link to="/auth/sign-up">create an account</Link> to comment.
          </p>
        ) : canComment && needsEmailConfirmation ? (
          <ConfirmEmailNotice doing="comment, agree with or report comments" />
        ) : canComment ? (
          <CommentForm
            formId="have-your-say-form"
            target={target}
            organisation={viewer.organisation}
            errors={mainReply?.errors}
            values={mainReply?.values ?? undefined}
            textareaRef={bodyRef}
            label="Your comment"
            submitLabel="Post comment"
            onChangeTarget={hydrated ? () => setTarget({ kind: "whole" }) : undefined}
            posted={!!data.posted}
            postedMessage={
              searchParams.get("pending") === "1"
                ? "Thank you. Your comment is awaiting approval by a moderator before others can see it."
                : "Your comment has been posted."
            }
          />
        ) : (
          <div className="nhsuk-inset-text">
            <p>
              {!proposal.isLatest
                ? "Comments are made on the current version of this proposal."
                : data.discussion === "closed" || proposal.status !== "OPEN"
                  ? "The discussion period has closed, so comments can no longer be added. Thank you to everyone who took part."
                  : "The discussion period has not started yet."}
            </p>
          </div>
        )}
        {proposal.premoderation && canComment ? <p className="nhsuk-body-s">Comments on this proposal are checked by a moderator before they appear.</p> : null}
      </section>

      <section aria-labelledby="comments-heading">
        <h2 id="comments-heading">Comments ({data.total})</h2>
        <Form method="get" className="app-filter" preventScrollReset>
          <Select
            className="app-filter__item"
            name="sort"
            label="Sort by"
            defaultValue={data.query.sort}
            options={COMMENT_SORTS.map((s) => ({ value: s, label: s === "newest" ? "Newest first" : s === "oldest" ? "Oldest first" : "Most agreed" }))}
          />
          <Select
            className="app-filter__item"
            name="section"
            label="Section"
            defaultValue={data.query.section ?? ""}
            options={[
              { value: "", label: "All" },
              { value: "whole", label: "Whole proposal" },
              ...proposal.sections.map((s) => ({ value: s.id, label: `${s.number} ${s.heading}` })),
            ]}
          />
          <Select
            className="app-filter__item"
            name="type"
            label="Who"
            defaultValue={data.query.type ?? ""}
            options={[{ value: "", label: "Everyone" }, ...Object.entries(STAKEHOLDER_TYPE_LABELS).map(([value, label]) => ({ value, label }))]}
          />
          <Select
            className="app-filter__item"
            name="stance"
            label="View"
            defaultValue={data.query.stance ?? ""}
            options={[{ value: "", label: "Any" }, ...Object.entries(STANCE_LABELS).map(([value, label]) => ({ value, label }))]}
          />
          <Button secondary>Apply</Button>
        </Form>
        {listReply?.errors ? (
          <div className="nhsuk-error-summary" role="alert" tabIndex={-1}>
            <h3 className="nhsuk-error-summary__title">There is a problem</h3>
            <div className="nhsuk-error-summary__body">
              <p>{Object.values(listReply.errors).flat()[0]}</p>
            </div>
          </div>
        ) : null}
        {/* On the page from the start: a live region that appears with its text is often not read. */}
        <div className="nhsuk-u-visually-hidden" role="status" data-testid="new-comments-status">
          {live.newTopLevel > 0
            ? `${newCommentsText(live.newTopLevel)}. The button before the list of comments shows ${live.newTopLevel === 1 ? "it" : "them"}.`
            : ""}
        </div>
        {live.newTopLevel > 0 ? (
          <button type="button" className="nhsuk-button nhsuk-button--secondary" onClick={() => revalidator.revalidate()}>
            {newCommentsText(live.newTopLevel)} - show
          </button>
        ) : null}
        {data.items.length === 0 ? <p>No comments yet.</p> : null}
        <CommentList items={data.items} live={live} context={context} />
        {data.nextCursor ? (
          <nav className="nhsuk-pagination" aria-label="More comments">
            <Link
              to={`?${new URLSearchParams({ ...Object.fromEntries(Object.entries(data.query).filter(([k, v]) => v && k !== "cursor") as [string, string][]), cursor: data.nextCursor })}#comments-heading`}
            >
              Show more comments
            </Link>
          </nav>
        ) : null}
      </section>
    </>
  );
}

function newCommentsText(count: number) {
  return `${count} new ${count === 1 ? "comment" : "comments"}`;
}

// Fresh data restarts the live comment list (useLiveComments), which would close the panel showing a refused post's errors.
export const shouldRevalidate = skipReloadWhenRefused;

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: data ? `${data.proposal.title} - Touchstone` : "Proposal - Touchstone" }];

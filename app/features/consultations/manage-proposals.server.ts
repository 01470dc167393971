import crypto from "node:crypto";
import { newSecretToken, secretTokenHash } from "#app/utils/secret-tokens.server";
import { toCsv } from "#app/utils/csv.server";
import { Prisma } from "#app/generated/prisma/client";
import type { ProposalStatus } from "#app/generated/prisma/enums";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { londonTime } from "#app/utils/dates";
import { appUrl, sendEmail } from "#app/utils/email.server";
import { inTransaction, type Tx } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { hashPassword } from "#app/utils/password.server";
import { startSession } from "#app/utils/auth.server";
import { isCommonPassword } from "#app/features/accounts/accounts.server";
import { notify } from "#app/features/notifications/notifications.server";
import { canManageProposals, canModerate } from "./consultations.policy";
import { proposalRoom } from "./consultations.events";
import { readersOf } from "./proposals.server";
import type { ProposalForm, StatusIntent } from "./manage.schema";
import { fail, ok, type CommandResult, type Failure } from "#app/utils/results";
import { ALREADY_SENT, submitOnce } from "#app/utils/idempotency.server";
import { currentNoticeVersion } from "#app/features/privacy/privacy-notice.server";

const forbidden = (): Failure => fail(403, "form", "Only commissioners can manage proposals");

function slugify(title: string): string {
  return (
    title
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 60) || "proposal"
  );
}

export function listAllProposals() {
  return db.proposal.findMany({
    orderBy: { createdAt: "desc" },
    select: {
      id: true,
      slug: true,
      title: true,
      status: true,
      audience: true,
      discussionOpensAt: true,
      discussionClosesAt: true,
      publishedAt: true,
      _count: { select: { comments: true } },
    },
  });
}

export async function getProposalForEditing(slug: string) {
  return db.proposal.findUnique({
    where: { slug },
    select: {
      id: true,
      slug: true,
      title: true,
      summary: true,
      status: true,
      statusNote: true,
      audience: true,
      premoderation: true,
      reportThreshold: true,
      publishedAt: true,
      discussionOpensAt: true,
      discussionClosesAt: true,
      versions: {
        orderBy: { number: "desc" },
        select: {
          id: true,
          number: true,
          changeNote: true,
          publishedAt: true,
          sections: { orderBy: { position: "asc" }, select: { number: true, heading: true, body: true } },
        },
      },
      invitations: { orderBy: { createdAt: "asc" }, select: { email: true, acceptedAt: true, createdAt: true } },
    },
  });
}

/** Everyone who has commented, with how many comments each. */
export async function listParticipants(proposalId: string) {
  // Accounts only: imported responses have no account and are counted in the analysis.
  const rows = (await db.comment.groupBy({ by: ["authorId"], where: { proposalId, authorId: { not: null } }, _count: { _all: true } })).map((r) => ({
    ...r,
    authorId: r.authorId!,
  }));
  const people = await db.user.findMany({
    where: { id: { in: rows.map((r) => r.authorId) } },
    select: { id: true, displayName: true, stakeholderType: true, organisation: true },
  });
  const counts = new Map(rows.map((r) => [r.authorId, r._count._all]));
  return people.map((p) => ({ ...p, comments: counts.get(p.id) ?? 0 })).sort((a, b) => b.comments - a.comments);
}

/** What the editor sets on the proposal itself, whichever way it is saved. */
const proposalSettings = (form: ProposalForm) => ({
  title: form.title,
  summary: form.summary,
  audience: form.audience,
  premoderation: form.premoderation,
  reportThreshold: form.reportThreshold,
});

const schedule = (form: ProposalForm) => ({
  discussionOpensAt: londonTime(form.opensDate, form.opensTime),
  discussionClosesAt: londonTime(form.closesDate, form.closesTime),
});

/** A new draft; a form sent twice (its idempotency key) makes one. */
export async function createProposal(actor: SessionUser, form: ProposalForm): Promise<CommandResult<{ slug: string }>> {
  if (!canManageProposals(actor)) return forbidden();
  return submitOnce(
    { owner: actor.id, key: form.idempotencyKey, scope: "proposal" },
    () => createDraft(actor, form),
    () => fail(409, "form", ALREADY_SENT),
  );
}

async function createDraft(actor: SessionUser, form: ProposalForm): Promise<CommandResult<{ slug: string }>> {
  const base = slugify(form.title);
  for (let attempt = 0; attempt < 5; attempt++) {
    const slug = attempt === 0 ? base : `${base}-${crypto.randomBytes(2).toString("hex")}`;
    try {
      await db.proposal.create({
        data: {
          slug,
          ...proposalSettings(form),
          ...schedule(form),
          createdById: actor.id,
          versions: { create: { number: 1, sections: { create: form.sections.map((s, i) => ({ position: i + 1, ...s })) } } },
        },
      });
      return ok({ slug });
    } catch (error) {
      if (!(error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")) throw error;
    }
  }
  return fail(409, "title", "A proposal with this title already exists");
}

/**
 * The editor's "save": a draft is changed in place; a published proposal gets a new version,
 * which needs a public note of what changed. `version` is the new version's number, if any.
 */
export async function saveProposal(
  actor: SessionUser,
  slug: string,
  form: ProposalForm,
  publisher: Publisher,
): Promise<CommandResult<{ version: number | null }>> {
  if (!canManageProposals(actor)) return forbidden();
  const proposal = await db.proposal.findUnique({ where: { slug }, select: { status: true } });
  if (!proposal) return fail(404, "form", "This proposal does not exist");
  if (proposal.status === "DRAFT") {
    const saved = await updateDraft(actor, slug, form);
    return saved.ok ? ok({ version: null }) : saved;
  }
  if (!form.changeNote) return fail(400, "changeNote", "Describe what changed");
  const revised = await reviseProposal(actor, slug, form, form.changeNote, publisher);
  return revised.ok ? ok({ version: revised.number }) : revised;
}

/** Drafts are edited in place; once published, changes go into a new version. */
export async function updateDraft(actor: SessionUser, slug: string, form: ProposalForm): Promise<CommandResult> {
  if (!canManageProposals(actor)) return forbidden();
  const proposal = await db.proposal.findUnique({
    where: { slug },
    select: { id: true, status: true, versions: { orderBy: { number: "desc" }, take: 1, select: { id: true } } },
  });
  if (!proposal) return fail(404, "form", "This proposal does not exist");
  await db.$transaction(async (tx) => {
    await tx.proposal.update({
      where: { id: proposal.id },
      data: { ...proposalSettings(form), ...(proposal.status === "DRAFT" ? schedule(form) : {}) },
    });
    if (proposal.status === "DRAFT") {
      const versionId = proposal.versions[0].id;
      await tx.proposalSection.deleteMany({ where: { versionId } });
      await tx.proposalSection.createMany({ data: form.sections.map((s, i) => ({ versionId, position: i + 1, ...s })) });
    }
  });
  return ok();
}

/** Publishes a revised version: the whole proposal again, with a public change note. */
export async function reviseProposal(
  actor: SessionUser,
  slug: string,
  form: ProposalForm,
  changeNote: string,
  publisher: Publisher,
): Promise<CommandResult<{ number: number }>> {
  if (!canManageProposals(actor)) return forbidden();
  const proposal = await db.proposal.findUnique({
    where: { slug },
    select: { id: true, title: true, status: true, versions: { orderBy: { number: "desc" }, take: 1, select: { number: true } } },
  });
  if (!proposal) return fail(404, "form", "This proposal does not exist");
  if (proposal.status === "DRAFT") return fail(409, "changeNote", "Publish the draft first; until then, edit it directly");
  const number = proposal.versions[0].number + 1;
  // Imported responses have no account to tell (ADR 023).
  const commenters = await db.comment.findMany({
    where: { proposalId: proposal.id, authorId: { not: null } },
    distinct: ["authorId"],
    select: { authorId: true },
  });
  try {
    await inTransaction(publisher, async (tx, outbox) => {
      await tx.proposalVersion.create({
        data: { proposalId: proposal.id, number, changeNote, sections: { create: form.sections.map((s, i) => ({ position: i + 1, ...s })) } },
      });
      await tx.proposal.update({ where: { id: proposal.id }, data: proposalSettings(form) });
      // A revision after the discussion is the proposal revised for resubmission.
      await tx.proposal.updateMany({
        where: { id: proposal.id, status: { in: ["CLOSED", "UNDER_REVIEW"] } },
        data: { status: "REVISED", statusNote: `Revised: ${changeNote}` },
      });
      await outbox.event(proposalRoom(proposal.id), "proposal:status", { version: number });
      await notify(
        outbox,
        // Only those who may read the proposal as revised (this revision may make it invitation-only).
        [
          ...(await readersOf(
            proposal.id,
            commenters.map((c) => c.authorId!),
            tx,
          )),
        ].map((userId) => ({
          userId,
          kind: "new-version",
          title: `A revised version of ${proposal.title} has been published`,
          link: `/proposals/${slug}`,
          emailText: `Version ${number} of ${proposal.title}, which you commented on, has been published. What changed: ${changeNote}`,
        })),
      );
    });
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002")
      return fail(409, "changeNote", "Someone else published a version at the same moment; reload and try again");
    throw error;
  }
  return ok({ number });
}

type Transition = {
  from: ProposalStatus[];
  refusal: string;
  data: (proposal: { publishedAt: Date | null; discussionOpensAt: Date | null }, now: Date, reason?: string) => Prisma.ProposalUpdateManyMutationInput;
};

// The life cycle: draft -> open -> closed -> under review -> revised (a new version after
// closing; see reviseProposal) -> decided. Opening and closing on time is the scheduler's.
const TRANSITIONS: Record<StatusIntent, Transition> = {
  // Published drafts open by themselves at their opening time (see runProposalSchedule).
  publish: {
    from: ["DRAFT"],
    refusal: "Only a draft can be published",
    data: (p, now) => ({ publishedAt: now, ...(!p.discussionOpensAt || p.discussionOpensAt <= now ? { status: "OPEN" } : {}) }),
  },
  "open-early": {
    from: ["DRAFT"],
    refusal: "Only a draft can be opened",
    data: (p, now, reason) => ({ status: "OPEN", discussionOpensAt: now, publishedAt: p.publishedAt ?? now, statusNote: `Opened early: ${reason}` }),
  },
  "close-early": {
    from: ["OPEN"],
    refusal: "Only an open proposal can be closed",
    data: (_p, now, reason) => ({ status: "CLOSED", discussionClosesAt: now, statusNote: `Closed early: ${reason}` }),
  },
  review: {
    from: ["CLOSED"],
    refusal: "Feedback can be reviewed once the discussion period has closed",
    data: (_p, _now, reason) => ({ status: "UNDER_REVIEW", statusNote: reason ? `Under review: ${reason}` : "The commissioners are reviewing the feedback." }),
  },
  decide: {
    from: ["UNDER_REVIEW", "REVISED"],
    refusal: "A decision can be recorded once the feedback has been reviewed",
    data: (_p, _now, reason) => ({ status: "DECIDED", statusNote: `Decided: ${reason}` }),
  },
};

export async function changeStatus(
  actor: SessionUser,
  slug: string,
  intent: StatusIntent,
  reason: string | undefined,
  publisher: Publisher,
  now = new Date(),
): Promise<CommandResult> {
  if (!canManageProposals(actor)) return forbidden();
  const proposal = await db.proposal.findUnique({ where: { slug }, select: { id: true, publishedAt: true, discussionOpensAt: true } });
  if (!proposal) return fail(404, "form", "This proposal does not exist");
  const transition = TRANSITIONS[intent];
  const alreadyPublished = intent === "publish" ? { publishedAt: null } : {};
  const changed = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.proposal.updateMany({
      where: { id: proposal.id, status: { in: transition.from }, ...alreadyPublished },
      data: transition.data(proposal, now, reason),
    });
    if (count === 0) return false;
    await auditStatus(tx, actor.id, proposal.id, intent, reason);
    await outbox.event(proposalRoom(proposal.id), "proposal:status", { intent });
    return true;
  });
  if (!changed) return fail(409, "form", transition.refusal);
  return ok();
}

function auditStatus(tx: Tx, actorId: string | null, proposalId: string, action: string, reason?: string) {
  return tx.auditEvent.create({ data: { actorId, action: `proposal.${action}`, subject: `proposal:${proposalId}`, details: reason ? { reason } : undefined } });
}

/**
 * Opens published proposals whose time has come and closes open ones whose period has
 * ended. Conditional updates make it safe to run on every process, as often as needed,
 * and after any restart (missed times are caught up at once).
 */
export async function runProposalSchedule(publisher: Publisher, now = new Date()) {
  const toOpen = await db.proposal.findMany({ where: { status: "DRAFT", publishedAt: { not: null }, discussionOpensAt: { lte: now } }, select: { id: true } });
  const toClose = await db.proposal.findMany({ where: { status: "OPEN", discussionClosesAt: { lte: now } }, select: { id: true } });
  const changed: string[] = [];
  const move = (id: string, where: Prisma.ProposalWhereInput, status: "OPEN" | "CLOSED", action: string) =>
    inTransaction(publisher, async (tx, outbox) => {
      const { count } = await tx.proposal.updateMany({ where: { id, ...where }, data: { status } });
      if (!count) return;
      changed.push(id);
      await auditStatus(tx, null, id, action);
      await outbox.event(proposalRoom(id), "proposal:status", { scheduled: true });
    });
  for (const { id } of toOpen) await move(id, { status: "DRAFT", publishedAt: { not: null } }, "OPEN", "opened-on-schedule");
  for (const { id } of toClose) await move(id, { status: "OPEN", discussionClosesAt: { lte: now } }, "CLOSED", "closed-on-schedule");
  return changed;
}

// ------------------------------------------------------------------ invitations

export async function inviteStakeholders(actor: SessionUser, slug: string, emails: string[]): Promise<CommandResult<{ invited: number }>> {
  if (!canManageProposals(actor)) return forbidden();
  const proposal = await db.proposal.findUnique({ where: { slug }, select: { id: true, title: true, summary: true } });
  if (!proposal) return fail(404, "form", "This proposal does not exist");
  let invited = 0;
  for (const email of emails) {
    const token = newSecretToken();
    const created = await db.proposalInvitation.createMany({
      data: [{ proposalId: proposal.id, email, tokenHash: secretTokenHash(token), invitedById: actor.id }],
      skipDuplicates: true,
    });
    if (created.count === 0) continue; // already invited
    invited++;
    const link = appUrl(`/invitations/${token}`);
    await sendEmail({
      to: email,
      namedUserIds: [actor.id],
      subject: `You are invited to comment on: ${proposal.title}`,
      text: `${actor.displayName} has invited you to read and comment on a proposal on Touchstone:\n\n${proposal.title}\n${proposal.summary}\n\nOpen this link to take part (it creates an account for you if you do not have one):\n${link}\n`,
    });
  }
  return ok({ invited });
}

export async function findInvitation(token: string) {
  return db.proposalInvitation.findUnique({
    where: { tokenHash: secretTokenHash(token) },
    select: { id: true, email: true, acceptedAt: true, userId: true, proposal: { select: { id: true, slug: true, title: true } } },
  });
}

/** What a link that has been used says: whoever used it reads the proposal by signing in. */
export const INVITATION_USED = "This invitation has already been used. If you accepted it, sign in to read the proposal";
const ACCOUNT_EXISTS = "There is already an account for this email address: sign in, then open the link again";

/** Thrown inside a transaction to roll it back when another request claimed the invitation first. */
class InvitationAlreadyUsed extends Error {}

/**
 * Marks the invitation accepted if nobody has yet, in the caller's transaction: the row's lock
 * makes simultaneous uses of one link wait, and each later one finds it taken.
 */
async function claimInvitation(tx: Tx, invitationId: string, data: { userId?: string }) {
  const { count } = await tx.proposalInvitation.updateMany({ where: { id: invitationId, acceptedAt: null }, data: { acceptedAt: new Date(), ...data } });
  if (count === 0) throw new InvitationAlreadyUsed();
}

/**
 * Accepting as the signed-in person links the invitation to their account. A link works once:
 * used by anyone else before, it is refused; pressed again by whoever accepted it, it just
 * takes them to the proposal.
 */
export async function acceptInvitation(token: string, actor: SessionUser): Promise<CommandResult<{ slug: string }>> {
  const invitation = await findInvitation(token);
  if (!invitation) return fail(404, "form", "This invitation link is not valid");
  const slug = invitation.proposal.slug;
  if (invitation.acceptedAt) return invitation.userId === actor.id ? ok({ slug }) : fail(409, "form", INVITATION_USED);
  try {
    await db.$transaction((tx) => claimInvitation(tx, invitation.id, { userId: actor.id }));
  } catch (error) {
    if (!(error instanceof InvitationAlreadyUsed)) throw error;
    // Taken a moment ago: by this same person pressing twice, or by someone else.
    const holder = await db.proposalInvitation.findUnique({ where: { id: invitation.id }, select: { userId: true } });
    return holder?.userId === actor.id ? ok({ slug }) : fail(409, "form", INVITATION_USED);
  }
  return ok({ slug });
}

/** Accepting without an account creates one for the invited address (proved by the link), once. */
export async function acceptInvitationAsNewAccount(
  token: string,
  input: { displayName: string; password: string; stakeholderType: SessionUser["stakeholderType"] },
): Promise<CommandResult<{ slug: string; setCookie: string }>> {
  const invitation = await findInvitation(token);
  if (!invitation) return fail(404, "form", "This invitation link is not valid");
  if (invitation.acceptedAt) return fail(409, "form", INVITATION_USED);
  if (isCommonPassword(input.password)) return fail(400, "password", "This password is too common. Choose one that is harder to guess");
  if (await db.user.findUnique({ where: { email: invitation.email }, select: { id: true } })) return fail(409, "form", ACCOUNT_EXISTS);
  const userId = crypto.randomUUID();
  const passwordHash = await hashPassword(input.password);
  const privacyNoticeVersion = await currentNoticeVersion();
  try {
    await db.$transaction(async (tx) => {
      // Claimed first, so a second use of the link waits here and is told the link was used;
      // the account it names is linked once it exists.
      await claimInvitation(tx, invitation.id, {});
      await tx.user.create({
        data: {
          id: userId,
          email: invitation.email,
          passwordHash,
          displayName: input.displayName,
          stakeholderType: input.stakeholderType,
          emailVerifiedAt: new Date(),
          privacyNoticeVersion,
        },
      });
      await tx.proposalInvitation.update({ where: { id: invitation.id }, data: { userId } });
    });
  } catch (error) {
    if (error instanceof InvitationAlreadyUsed) return fail(409, "form", INVITATION_USED);
    // The address got an account a moment ago (another invitation to it, or signing up).
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return fail(409, "form", ACCOUNT_EXISTS);
    throw error;
  }
  return ok({ slug: invitation.proposal.slug, setCookie: await startSession(userId) });
}

// ------------------------------------------------------------------ export

/** The proposal a download is about, by its address. */
export function findProposalForExport(slug: string) {
  return db.proposal.findUnique({ where: { slug }, select: { id: true, slug: true } });
}

/** Every comment, nothing left out, one row each, for commissioners' own analysis. */
export async function commentsCsv(proposalId: string): Promise<string> {
  const rows = await db.comment.findMany({
    where: { proposalId },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      parentId: true,
      paragraphIndex: true,
      quote: true,
      stance: true,
      body: true,
      onBehalfOf: true,
      agreeCount: true,
      reportCount: true,
      createdAt: true,
      editedAt: true,
      deletedAt: true,
      moderation: true,
      moderationReason: true,
      version: { select: { number: true } },
      section: { select: { number: true, heading: true } },
      author: { select: { displayName: true, stakeholderType: true, organisation: true } },
      channel: true,
      respondentName: true,
      respondentOrganisation: true,
      respondentType: true,
      publicConsent: true,
      keyQuote: true,
      themes: { orderBy: { theme: { name: "asc" } }, select: { theme: { select: { name: true } } } },
    },
  });
  return toCsv(
    rows.map((c) => [
      c.id,
      c.version.number,
      c.section ? `${c.section.number} ${c.section.heading}` : "Whole proposal",
      c.paragraphIndex === null ? "" : c.paragraphIndex + 1,
      c.quote ?? "",
      c.author?.displayName ?? c.respondentName ?? "",
      c.author?.stakeholderType ?? c.respondentType ?? "",
      c.author?.organisation ?? c.respondentOrganisation ?? "",
      c.onBehalfOf ?? "",
      c.stance ?? "",
      c.deletedAt ? "" : c.body,
      c.agreeCount,
      c.parentId ?? "",
      c.createdAt.toISOString(),
      c.editedAt?.toISOString() ?? "",
      c.deletedAt ? "DELETED" : c.moderation,
      c.moderationReason ?? "",
      c.reportCount,
      c.themes.map((t) => t.theme.name).join("; "),
      c.keyQuote ? "yes" : "",
      c.channel,
      c.channel === "PLATFORM" ? "" : c.publicConsent ? "yes" : "no",
    ]),
    {
      header: true,
      columns: [
        "comment id",
        "proposal version",
        "section",
        "paragraph",
        "quoted paragraph",
        "author display name",
        "stakeholder type",
        "organisation",
        "on behalf of",
        "stance",
        "text",
        "agrees",
        "replies to",
        "created",
        "edited",
        "moderation state",
        "moderation reason",
        "reports",
        "themes",
        "key quote",
        "channel",
        "consent to publish",
      ],
    },
  );
}

// ------------------------------------------------------------------ moderation queue

export async function moderationQueue() {
  const [pending, hidden, reported, alerts, questionAlerts] = await Promise.all([
    db.comment.findMany({ where: { moderation: "PENDING", deletedAt: null }, orderBy: { createdAt: "asc" }, take: 100, select: queueSelect }),
    db.comment.findMany({ where: { moderation: "HIDDEN", deletedAt: null }, orderBy: { createdAt: "desc" }, take: 100, select: queueSelect }),
    db.comment.findMany({
      where: { reportCount: { gt: 0 }, moderation: "VISIBLE", deletedAt: null },
      orderBy: { reportCount: "desc" },
      take: 100,
      select: queueSelect,
    }),
    db.safeguardingAlert.findMany({
      where: { handledAt: null, commentId: { not: null } },
      orderBy: { createdAt: "asc" },
      take: 100,
      select: { id: true, phrases: true, createdAt: true, comment: { select: queueSelect } },
    }),
    db.safeguardingAlert.findMany({
      where: { handledAt: null, questionId: { not: null } },
      orderBy: { createdAt: "asc" },
      take: 100,
      select: {
        id: true,
        phrases: true,
        createdAt: true,
        question: { select: { text: true, author: { select: { displayName: true } }, meeting: { select: { slug: true, title: true } } } },
      },
    }),
  ]);
  // Forum messages' alerts go to Forum officers (see the Forum's rooms page).
  return {
    pending,
    hidden,
    reported,
    alerts: alerts.flatMap(({ comment, ...alert }) => (comment ? [{ ...alert, comment }] : [])),
    questionAlerts: questionAlerts.flatMap(({ question, ...alert }) => (question ? [{ ...alert, question }] : [])),
  };
}

const queueSelect = {
  id: true,
  body: true,
  moderationReason: true,
  reportCount: true,
  createdAt: true,
  author: { select: { displayName: true } },
  proposal: { select: { slug: true, title: true } },
  reports: { select: { reason: true } },
} satisfies Prisma.CommentSelect;

export async function markAlertHandled(actor: SessionUser, alertId: string): Promise<CommandResult> {
  // Whoever moderates comments handles their alerts (the moderation page's permission).
  if (!canModerate(actor)) return fail(403, "form", "Only moderators can do this");
  // Comments' and meeting questions' alerts are the commissioners'; Forum messages' are the officers'.
  const { count } = await db.safeguardingAlert.updateMany({
    where: { id: alertId, handledAt: null, messageId: null },
    data: { handledAt: new Date(), handledById: actor.id },
  });
  return count ? ok() : fail(409, "form", "This alert has already been handled");
}

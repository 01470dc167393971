import { newSecretToken } from "#app/utils/secret-tokens.server";
import { userRoom } from "#app/features/accounts/accounts.events";
import { escapeHtml } from "#app/features/accounts/accounts.server";
import { proposalRoom } from "#app/features/consultations/consultations.events";
import { forumRoom } from "#app/features/forum/rooms.events";
import { messageSelect as forumMessageSelect, messageView } from "#app/features/forum/rooms.server";
import { renameCandidate } from "#app/features/elections/result-names";
import { cancelUpcomingOf, registrationsOfPerson } from "#app/features/meetings/registrations.server";
import { notify } from "#app/features/notifications/notifications.server";
import type { Prisma } from "#app/generated/prisma/client";
import type { SessionUser } from "#app/utils/auth.server";
import { londonToday } from "#app/utils/dates";
import { db } from "#app/utils/db.server";
import { hashPassword, verifyPassword } from "#app/utils/password.server";
import type { Publisher } from "#app/utils/realtime";
import { inTransaction, type Tx } from "#app/utils/outbox.server";
import { fail, type CommandResult } from "#app/utils/results";
import { canEraseOthers } from "./privacy.policy";
import type { TextChoice } from "./privacy.schema";

/** What everyone sees instead of the name of someone whose account was deleted. */
export const FORMER_PARTICIPANT = "Former participant";
const erasedAddress = (id: string) => `erased-${id}@erased.invalid`;

type ErasureOptions = { text: TextChoice; actorId: string | null; reason: "own-request" | "erasure-request" | "unconfirmed"; reference?: string };

/** A person deletes their own account, proving it is them with their password. */
export async function deleteOwnAccount(actor: SessionUser, input: { password: string; text: TextChoice }, publisher: Publisher): Promise<CommandResult> {
  const account = await db.user.findUnique({ where: { id: actor.id }, select: { passwordHash: true, erasedAt: true } });
  if (!account || account.erasedAt) return fail(404, "form", "This account has already been deleted");
  if (!(await verifyPassword(account.passwordHash, input.password)))
    return fail(400, "password", "The password is not right. Enter the password you sign in with");
  await eraseAccount(actor.id, { text: input.text, actorId: actor.id, reason: "own-request" }, publisher);
  return { ok: true };
}

/** An administrator carries out an erasure request (recorded in the audit log with its reference). */
export async function eraseByAdministrator(
  actor: SessionUser,
  subjectId: string,
  input: { text: TextChoice; reference: string },
  publisher: Publisher,
): Promise<CommandResult> {
  if (!canEraseOthers(actor)) return fail(403, "form", "Only administrators can carry out an erasure request");
  if (subjectId === actor.id) return fail(409, "form", "To delete your own account, use Your account");
  const subject = await db.user.findUnique({ where: { id: subjectId }, select: { erasedAt: true } });
  if (!subject) return fail(404, "form", "This account does not exist");
  if (subject.erasedAt) return fail(409, "form", "This account has already been deleted");
  await eraseAccount(subjectId, { text: input.text, actorId: actor.id, reason: "erasure-request", reference: input.reference }, publisher);
  return { ok: true };
}

/**
 * `text` with the first `times` whole-word occurrences of `name` replaced. Used only on rows
 * known to carry this person's name that many times (their id is listed there once for each
 * time the name was put in), so another person's words, a common word that happens to be
 * their name, or an earlier occurrence inside a longer word ("Sam" in "Samaritans") stay.
 */
export function replaceName(text: string, name: string, times: number, by: string): string {
  if (!name || times <= 0) return text;
  let out = "";
  let from = 0;
  let left = times;
  for (let at = text.indexOf(name); at !== -1 && left > 0; at = text.indexOf(name, at + 1)) {
    if (at < from || isWordChar(lastCodePoint(text.slice(Math.max(0, at - 2), at))) || isWordChar(text.codePointAt(at + name.length))) continue;
    out += text.slice(from, at) + by;
    from = at + name.length;
    left--;
  }
  return out + text.slice(from);
}

const WORD_CHAR = /[\p{L}\p{N}_]/u;
const isWordChar = (codePoint: number | undefined) => codePoint !== undefined && WORD_CHAR.test(String.fromCodePoint(codePoint));
const lastCodePoint = (text: string) => [...text].pop()?.codePointAt(0);

/**
 * Deletes a person: nothing that says who they were is left in any table, yet the threads
 * they took part in, the counts (agrees, turnout, places) and the records of bodies still
 * hold together, because the account row stays as a nameless "Former participant".
 *
 * What is theirs is found by their account id, never by matching their address or name as
 * text: anyone can sign up (unconfirmed) with someone else's address, and names and
 * organisations are shared. Only a proven address (emailVerifiedAt) makes what was sent to
 * that address, or registered with it as a guest, theirs too.
 *
 * Steps that have their own command run through it first (cancelling a registration moves
 * the waiting list up and emails whoever gets the place); the rest is one transaction.
 */
export async function eraseAccount(userId: string, options: ErasureOptions, publisher: Publisher): Promise<void> {
  const found = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, emailVerifiedAt: true, displayName: true, erasedAt: true },
  });
  if (found.erasedAt) return;
  const person: Person = { id: found.id, email: found.email, emailVerified: found.emailVerifiedAt !== null, displayName: found.displayName };
  const now = new Date();
  const today = new Date(`${londonToday(now)}T00:00:00Z`);
  const removeText = options.text === "remove";

  // An account never confirmed that nothing else refers to simply goes.
  if (options.reason === "unconfirmed") {
    const gone = await db.$transaction(
      async (tx) => {
        const account = await lockLiveAccount(tx, userId);
        // Confirmed since the schedule chose it (or erased meanwhile): nothing to do.
        if (!account || account.emailVerified) return true;
        if (await referencedByOthers(tx, userId)) return false;
        await forgetCopies(tx, person);
        await tx.user.delete({ where: { id: userId } });
        return true;
      },
      { maxWait: 15_000, timeout: 30_000 },
    );
    if (gone) return;
  }

  // Their places at meetings still to come are cancelled as they would cancel them.
  await cancelUpcomingOf(person, now);

  const seats = await db.appointment.findMany({
    where: { userId, endedOn: null },
    select: { id: true, seat: { select: { name: true, body: { select: { id: true, name: true, slug: true, secretaries: { select: { userId: true } } } } } } },
  });
  const removedComments = removeText ? await db.comment.findMany({ where: { authorId: userId, deletedAt: null }, select: { id: true, proposalId: true } }) : [];
  const passwordHash = await hashPassword(newSecretToken());

  await inTransaction(publisher, async (tx, outbox) => {
    // What they wrote: removed (tombstones keep the threads readable) or kept without a name.
    await tx.comment.updateMany({ where: { authorId: userId }, data: { onBehalfOf: null } });
    if (removeText) {
      await tx.comment.updateMany({ where: { authorId: userId, deletedAt: null }, data: { deletedAt: now, body: "", keyQuote: false } });
      await tx.forumMessage.updateMany({ where: { authorId: userId }, data: { deletedAt: now, body: "", pinnedAt: null } });
      await tx.question.updateMany({ where: { authorId: userId }, data: { text: "", status: "HIDDEN" } });
      await tx.reportBack.updateMany({ where: { authorId: userId }, data: { discussed: "", decided: "", questions: "" } });
      await tx.nomination.updateMany({ where: { candidateId: userId }, data: { statement: "" } });
      await tx.commentReport.updateMany({ where: { reporterId: userId }, data: { reason: "" } });
    }

    // Nominations in elections not yet declared are withdrawn; results already declared stand, nameless.
    await tx.nomination.updateMany({ where: { candidateId: userId, withdrawnAt: null, election: { declaredAt: null } }, data: { withdrawnAt: now } });
    await renameInDeclaredResults(tx, userId);

    // Seats they hold end today; the record of past meetings keeps the seat, not the name.
    for (const seat of seats) {
      await tx.appointment.update({ where: { id: seat.id }, data: { endedOn: today, endReason: "The holder's Touchstone account was deleted" } });
      await tx.auditEvent.create({
        data: { actorId: options.actorId, action: "seat.end", subject: `appointment:${seat.id}`, details: { reason: "account deleted" } },
      });
    }
    await tx.appointment.updateMany({ where: { userId }, data: { holderName: FORMER_PARTICIPANT } });
    await tx.attendance.updateMany({ where: { appointment: { userId } }, data: { name: FORMER_PARTICIPANT } });

    // Their registrations stay counted (places, attendance) without a name, address or needs.
    const theirs = await tx.registration.findMany({ where: registrationsOfPerson(person), select: { id: true } });
    for (const { id } of theirs) {
      await tx.registration.update({
        where: { id },
        data: { name: FORMER_PARTICIPANT, email: `erased-${id}@erased.invalid`, accessNeeds: [], accessOther: null, anonymisedAt: now },
      });
    }
    // Invitations they accepted; with a proven address, those sent to it not yet accepted.
    const invitations = await tx.proposalInvitation.findMany({
      where: { OR: [{ userId }, ...(person.emailVerified ? [{ userId: null, email: person.email }] : [])] },
      select: { id: true },
    });
    for (const { id } of invitations) await tx.proposalInvitation.update({ where: { id }, data: { email: `erased-${id}@erased.invalid`, userId: null } });

    // Held from here to commit: a notification or email for them written at the same moment
    // waits, then sees the account deleted (notify), or commits first and is deleted below.
    // Taken after the rows above, in the order a reply takes them (the comment, then its
    // author), so the two never wait for each other.
    const account = await lockLiveAccount(tx, userId);
    // Erased by someone else meanwhile, or confirmed since the schedule chose it: undo this.
    if (!account || (options.reason === "unconfirmed" && account.emailVerified)) throw new NothingToErase();

    // What only served them goes.
    await tx.forumMembership.deleteMany({ where: { userId } });
    await tx.session.deleteMany({ where: { userId } });
    await tx.accountToken.deleteMany({ where: { userId } });
    await tx.userRole.deleteMany({ where: { userId } });
    await tx.notificationPreference.deleteMany({ where: { userId } });
    await tx.notification.deleteMany({ where: { userId } });
    await tx.bodyFollow.deleteMany({ where: { userId } });
    await tx.bodySecretary.deleteMany({ where: { userId } });
    await tx.forumRoomRead.deleteMany({ where: { userId } });
    await tx.dataExport.deleteMany({ where: { OR: [{ subjectId: userId }, { requestedById: userId }] } });
    // Their emails, their name in other people's, their form keys, live-update records naming them.
    await forgetCopies(tx, person);

    // The row stays so that threads, turnout and agrees still add up; nothing on it is theirs.
    await tx.user.update({
      where: { id: userId },
      data: {
        email: erasedAddress(userId),
        displayName: FORMER_PARTICIPANT,
        organisation: null,
        stakeholderType: "PUBLIC",
        passwordHash,
        emailVerifiedAt: null,
        privacyNoticeVersion: null,
        erasedAt: now,
      },
    });
    await tx.auditEvent.create({
      data: {
        actorId: options.actorId,
        action:
          options.reason === "erasure-request"
            ? "account.erased-on-request"
            : options.reason === "unconfirmed"
              ? "account.erased-unconfirmed"
              : "account.deleted",
        subject: `user:${userId}`,
        details: { text: options.text, ...(options.reference ? { reference: options.reference } : {}) },
      },
    });

    // Recorded with the change (ADR 018): their open pages and sockets end at once, on every process.
    await outbox.event(userRoom(userId), "account:closed", {});
    for (const comment of removedComments)
      await outbox.event(proposalRoom(comment.proposalId), "comment:updated", { commentId: comment.id, change: "deleted" });
    // Open Forum rooms show their messages under the new name (or as deleted) without a reload.
    const messages = await tx.forumMessage.findMany({ where: { authorId: userId }, orderBy: { createdAt: "desc" }, take: 500, select: forumMessageSelect });
    await outbox.events(
      messages.map((message) => ({ room: forumRoom(message.roomId), name: "forum:message", payload: { message: messageView(message, null) } })),
    );
    // A seat falling vacant is the secretaries' business; they are not told who it was.
    await notify(
      outbox,
      seats.flatMap((seat) =>
        seat.seat.body.secretaries
          .filter((s) => s.userId !== userId)
          .map((s) => ({
            userId: s.userId,
            kind: "seat-change" as const,
            title: `A place on ${seat.seat.name} (${seat.seat.body.name}) is now vacant: its holder deleted their account`,
            link: `/bodies/${seat.seat.body.slug}`,
          })),
      ),
    );
  }).catch((error: unknown) => {
    if (!(error instanceof NothingToErase)) throw error;
  });
}

/** Rolls the erasure's transaction back: the account was erased meanwhile, or is no longer one to erase. */
class NothingToErase extends Error {}

type Person = { id: string; email: string; emailVerified: boolean; displayName: string };

/** Locks the account row until the transaction ends; null if it is gone or already erased. */
async function lockLiveAccount(tx: Tx, userId: string): Promise<{ emailVerified: boolean } | null> {
  const [row] = await tx.$queryRaw<{ emailVerified: boolean }[]>`
    SELECT "emailVerifiedAt" IS NOT NULL AS "emailVerified" FROM "User" WHERE id = ${userId} AND "erasedAt" IS NULL FOR UPDATE`;
  return row ?? null;
}

/**
 * Copies of a person outside the tables that belong to them, found by their id (and, only
 * if the address is proven theirs, by the address): the emails sent to them go; other
 * people's notifications and emails that carry their name keep their place and their words,
 * with the name as "Former participant"; their form keys go (a guest's are kept under the
 * address); so do the live-update records, recorded or still to publish, that name them.
 */
async function forgetCopies(tx: Tx, person: Person): Promise<void> {
  const address = person.email.toLowerCase();
  await tx.$executeRaw`
    DELETE FROM "OutboxEmail" WHERE "recipientId" = ${person.id} OR (${person.emailVerified} AND lower("to") = ${address})`;

  const times = (ids: string[]) => ids.filter((id) => id === person.id).length;
  const name = person.displayName;
  const notices = await tx.$queryRaw<{ id: string; title: string; namedUserIds: string[] }[]>`
    SELECT id, title, "namedUserIds" FROM "Notification" WHERE "namedUserIds" <> '{}' AND "namedUserIds" @> ARRAY[${person.id}]::text[]`;
  if (notices.length) {
    await tx.$executeRaw`
      UPDATE "Notification" n SET "title" = v.title, "namedUserIds" = array_remove(n."namedUserIds", ${person.id})
      FROM unnest(${notices.map((n) => n.id)}::text[], ${notices.map((n) => replaceName(n.title, name, times(n.namedUserIds), FORMER_PARTICIPANT))}::text[]) AS v(id, title)
      WHERE n.id = v.id`;
  }
  const emails = await tx.$queryRaw<{ id: string; subject: string; text: string; html: string | null; message: unknown; namedUserIds: string[] }[]>`
    SELECT id, subject, text, html, message, "namedUserIds" FROM "OutboxEmail" WHERE "namedUserIds" <> '{}' AND "namedUserIds" @> ARRAY[${person.id}]::text[]`;
  if (emails.length) {
    const renamed = emails.map((email) => renameInEmail(email, name, times(email.namedUserIds)));
    await tx.$executeRaw`
      UPDATE "OutboxEmail" e SET "subject" = v.subject, "text" = v.text, "html" = v.html, "message" = v.message::jsonb,
        "namedUserIds" = array_remove(e."namedUserIds", ${person.id})
      FROM unnest(${renamed.map((e) => e.id)}::text[], ${renamed.map((e) => e.subject)}::text[], ${renamed.map((e) => e.text)}::text[],
                  ${renamed.map((e) => e.html)}::text[], ${renamed.map((e) => JSON.stringify(e.message))}::text[]) AS v(id, subject, text, html, message)
      WHERE e.id = v.id`;
  }

  await tx.idempotentRequest.deleteMany({ where: { owner: { in: [person.id, ...(person.emailVerified ? [`guest:${address}`] : [])] } } });
  // Replays, not the record: whatever names them or carries their words is found by their id.
  const id = `%${person.id}%`;
  await tx.$executeRaw`DELETE FROM "RealtimeEvent" WHERE room = ${userRoom(person.id)} OR payload::text LIKE ${id}`;
  await tx.$executeRaw`DELETE FROM "PendingRealtimeEvent" WHERE room = ${userRoom(person.id)} OR payload::text LIKE ${id}`;
}

/** An email with the name replaced as many times as it was put in, in each place it is stored: plain, as HTML, and in nodemailer's message. */
function renameInEmail(email: { id: string; subject: string; text: string; html: string | null; message: unknown }, name: string, times: number) {
  const plain = (text: string) => replaceName(text, name, times, FORMER_PARTICIPANT);
  const html = (text: string) => replaceName(text, escapeHtml(name), times, escapeHtml(FORMER_PARTICIPANT));
  const message =
    typeof email.message === "object" && email.message !== null && !Array.isArray(email.message) ? (email.message as Record<string, unknown>) : null;
  return {
    id: email.id,
    subject: plain(email.subject),
    text: plain(email.text),
    html: email.html === null ? null : html(email.html),
    message: message
      ? {
          ...message,
          ...(typeof message.subject === "string" ? { subject: plain(message.subject) } : {}),
          ...(typeof message.text === "string" ? { text: plain(message.text) } : {}),
          ...(typeof message.html === "string" ? { html: html(message.html) } : {}),
        }
      : email.message,
  };
}

/**
 * Declared results that name them (Election.resultCandidateIds), renamed where the count put
 * their name, and the audit log's record of those declarations with them.
 */
async function renameInDeclaredResults(tx: Tx, userId: string): Promise<void> {
  const elections = await tx.election.findMany({
    where: { resultCandidateIds: { has: userId } },
    select: { id: true, result: true, resultCandidateIds: true },
  });
  for (const election of elections) {
    let result: unknown = election.result;
    const renames: { from: string; to: string }[] = [];
    election.resultCandidateIds.forEach((id, index) => {
      if (id !== userId) return;
      const renamed = renameCandidate(result, index, FORMER_PARTICIPANT);
      result = renamed.result;
      if (renamed.from !== null) renames.push({ from: renamed.from, to: renamed.to });
    });
    if (!renames.length) continue;
    await tx.election.update({ where: { id: election.id }, data: { result: result as Prisma.InputJsonValue } });
    const declarations = await tx.auditEvent.findMany({
      where: { subject: `election:${election.id}`, action: "election.declare" },
      select: { id: true, details: true },
    });
    for (const declaration of declarations) {
      const details = declaration.details;
      if (typeof details !== "object" || details === null || Array.isArray(details) || !Array.isArray(details.elected)) continue;
      const elected = details.elected.map((name) => renames.find((r) => r.from === name)?.to ?? name);
      await tx.auditEvent.update({ where: { id: declaration.id }, data: { details: { ...details, elected } } });
    }
  }
}

/**
 * The tables whose reference to an account serves only that account: they go with it.
 * Every other reference (read from the database's own foreign keys, so a table added later is
 * counted without being listed here) means others depend on the row, which then stays,
 * erased, rather than being deleted.
 */
const ONLY_THEIRS = new Set([
  "Session.userId",
  "AccountToken.userId",
  "UserRole.userId",
  "NotificationPreference.userId",
  "Notification.userId",
  "BodyFollow.userId",
  "ForumRoomRead.userId",
  "DataExport.subjectId",
  "DataExport.requestedById",
]);

export async function referencedByOthers(tx: Tx, userId: string): Promise<boolean> {
  const keys = await tx.$queryRaw<{ table: string; column: string; qualified: string; quotedColumn: string }[]>`
    SELECT t.relname AS "table", a.attname AS "column", format('%I.%I', n.nspname, t.relname) AS qualified, quote_ident(a.attname) AS "quotedColumn"
    FROM pg_constraint c
    JOIN pg_class t ON t.oid = c.conrelid
    JOIN pg_namespace n ON n.oid = t.relnamespace
    JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
    WHERE c.contype = 'f' AND c.confrelid = '"User"'::regclass`;
  const others = keys.filter((k) => !ONLY_THEIRS.has(`${k.table}.${k.column}`));
  if (!others.length) return false;
  // Identifiers quoted by PostgreSQL itself; the id is a parameter.
  const [row] = await tx.$queryRawUnsafe<{ referenced: boolean }[]>(
    `SELECT EXISTS (${others.map((k) => `SELECT 1 FROM ${k.qualified} WHERE ${k.quotedColumn} = $1`).join(" UNION ALL ")}) AS referenced`,
    userId,
  );
  return row.referenced;
}

/** What an administrator sees about a person before answering a request about them. */
export function accountForAdministrator(userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, displayName: true, email: true, createdAt: true, erasedAt: true, privacyNoticeVersion: true, roles: { select: { role: true } } },
  });
}

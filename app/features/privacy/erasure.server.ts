import { newSecretToken } from "#app/utils/secret-tokens.server";
import { userRoom } from "#app/features/accounts/accounts.events";
import { escapeHtml } from "#app/features/accounts/accounts.server";
import { proposalRoom } from "#app/features/consultations/consultations.events";
import { forumRoom } from "#app/features/forum/rooms.events";
import { messageSelect as forumMessageSelect, messageView } from "#app/features/forum/rooms.server";
import { cancelOwn } from "#app/features/meetings/registrations.server";
import { notify } from "#app/features/notifications/notifications.server";
import type { SessionUser } from "#app/utils/auth.server";
import { londonToday } from "#app/utils/dates";
import { db } from "#app/utils/db.server";
import { hashPassword, verifyPassword } from "#app/utils/password.server";
import type { Publisher } from "#app/utils/realtime";
import { inTransaction } from "#app/utils/outbox.server";
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
 * A PostgreSQL regular expression matching the string as a whole word: punctuation escaped
 * (a backslash before a non-alphanumeric character is always a literal), letters and digits
 * not touching it on either side.
 */
function wholeWord(value: string): string {
  const escaped = value.replace(/[^\p{L}\p{N}\s]/gu, (c) => `\\${c}`);
  return `(?<![[:alnum:]_])${escaped}(?![[:alnum:]_])`;
}

/** Forms of a string as it is stored in HTML and in JSON text, so that copies are found too. */
function storedForms(value: string): string[] {
  return [...new Set([value, escapeHtml(value), JSON.stringify(value).slice(1, -1)])];
}

/**
 * Deletes a person: nothing that says who they were is left in any table, yet the threads
 * they took part in, the counts (agrees, turnout, places) and the records of bodies still
 * hold together, because the account row stays as a nameless "Former participant".
 *
 * Steps that have their own command run through it first (cancelling a registration moves
 * the waiting list up and emails whoever gets the place); the rest is one transaction.
 */
export async function eraseAccount(userId: string, options: ErasureOptions, publisher: Publisher): Promise<void> {
  const person = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { id: true, email: true, displayName: true, organisation: true, stakeholderType: true, erasedAt: true },
  });
  if (person.erasedAt) return;
  const now = new Date();
  const today = new Date(`${londonToday(now)}T00:00:00Z`);
  const removeText = options.text === "remove";

  // An account that never did anything others depend on simply goes.
  if (options.reason === "unconfirmed" && (await hasNothingOthersDependOn(userId))) {
    await db.$transaction([db.outboxEmail.deleteMany({ where: { to: person.email } }), db.user.delete({ where: { id: userId } })]);
    return;
  }

  // Registrations for meetings still to come are cancelled as the person would cancel them.
  const asPerson: SessionUser = {
    id: person.id,
    email: person.email,
    displayName: person.displayName,
    stakeholderType: person.stakeholderType,
    organisation: person.organisation,
    emailVerified: true,
    roles: [],
  };
  const upcoming = await db.registration.findMany({
    where: { OR: [{ userId }, { email: person.email }], status: { not: "CANCELLED" }, meeting: { endsAt: { gt: now } } },
    select: { id: true },
  });
  for (const registration of upcoming) await cancelOwn(asPerson, registration.id);

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

    // Nominations in elections not yet declared are withdrawn; results already declared stand.
    await tx.nomination.updateMany({ where: { candidateId: userId, withdrawnAt: null, election: { declaredAt: null } }, data: { withdrawnAt: now } });

    // Seats they hold end today; the record of past meetings keeps the seat, not the name.
    for (const seat of seats) {
      await tx.appointment.update({ where: { id: seat.id }, data: { endedOn: today, endReason: "The holder's Touchstone account was deleted" } });
      await tx.auditEvent.create({
        data: { actorId: options.actorId, action: "seat.end", subject: `appointment:${seat.id}`, details: { reason: "account deleted" } },
      });
    }
    await tx.appointment.updateMany({ where: { userId }, data: { holderName: FORMER_PARTICIPANT } });
    await tx.attendance.updateMany({ where: { appointment: { userId } }, data: { name: FORMER_PARTICIPANT } });

    // Registrations stay counted (places, attendance) without a name, address or needs.
    await tx.$executeRaw`
      UPDATE "Registration" SET "name" = ${FORMER_PARTICIPANT}, "email" = 'erased-' || "id" || '@erased.invalid', "accessNeeds" = '{}', "accessOther" = NULL, "anonymisedAt" = ${now}
      WHERE "userId" = ${userId} OR "email" = ${person.email}`;
    await tx.$executeRaw`
      UPDATE "ProposalInvitation" SET "email" = 'erased-' || "id" || '@erased.invalid', "userId" = NULL
      WHERE "userId" = ${userId} OR "email" = ${person.email}`;

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
    await tx.outboxEmail.deleteMany({ where: { to: { equals: person.email, mode: "insensitive" } } });
    // Live-update records that name them or carry what they wrote (they are replays, not the record).
    await tx.$executeRaw`DELETE FROM "RealtimeEvent" WHERE payload::text LIKE ${`%${person.id}%`}`;

    // Copies of their name, address or organisation in other people's notifications and
    // emails, in the audit log and in declared results become "Former participant".
    const strings = [person.email, person.displayName, person.organisation].filter((s): s is string => !!s && s.length >= 3);
    for (const value of strings) {
      for (const form of storedForms(value)) {
        const pattern = `%${form.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
        // Whole words only, so that "Sam" leaves "Samuel" in someone else's email alone.
        const word = wholeWord(form);
        await tx.$executeRaw`UPDATE "Notification" SET "title" = regexp_replace("title", ${word}, ${FORMER_PARTICIPANT}, 'g') WHERE "title" LIKE ${pattern}`;
        await tx.$executeRaw`
          UPDATE "OutboxEmail" SET "subject" = regexp_replace("subject", ${word}, ${FORMER_PARTICIPANT}, 'g'), "text" = regexp_replace("text", ${word}, ${FORMER_PARTICIPANT}, 'g'),
            "html" = regexp_replace("html", ${word}, ${FORMER_PARTICIPANT}, 'g'), "message" = regexp_replace("message"::text, ${word}, ${FORMER_PARTICIPANT}, 'g')::jsonb
          WHERE "subject" LIKE ${pattern} OR "text" LIKE ${pattern} OR "html" LIKE ${pattern} OR "message"::text LIKE ${pattern}`;
        await tx.$executeRaw`UPDATE "AuditEvent" SET "details" = regexp_replace("details"::text, ${word}, ${FORMER_PARTICIPANT}, 'g')::jsonb WHERE "details"::text LIKE ${pattern}`;
        await tx.$executeRaw`UPDATE "Election" SET "result" = regexp_replace("result"::text, ${word}, ${FORMER_PARTICIPANT}, 'g')::jsonb WHERE "result"::text LIKE ${pattern}`;
        await tx.$executeRaw`DELETE FROM "RealtimeEvent" WHERE payload::text LIKE ${pattern}`;
      }
    }

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
  });
}

async function hasNothingOthersDependOn(userId: string): Promise<boolean> {
  const counts = await db.user.findUniqueOrThrow({
    where: { id: userId },
    select: {
      _count: {
        select: {
          comments: true,
          forumMessages: true,
          questions: true,
          votesCast: true,
          candidacies: true,
          nominationsMade: true,
          registrations: true,
          appointments: true,
          proposals: true,
          elections: true,
          reportBacks: true,
          agrees: true,
          reports: true,
          forumReactions: true,
          questionVotes: true,
        },
      },
    },
  });
  return Object.values(counts._count).every((n) => n === 0);
}

/** What an administrator sees about a person before answering a request about them. */
export function accountForAdministrator(userId: string) {
  return db.user.findUnique({
    where: { id: userId },
    select: { id: true, displayName: true, email: true, createdAt: true, erasedAt: true, privacyNoticeVersion: true, roles: { select: { role: true } } },
  });
}

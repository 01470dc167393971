import crypto from "node:crypto";
import { newSecretToken, secretTokenHash } from "#app/utils/secret-tokens.server";
import { toCsv } from "#app/utils/csv.server";
import type { Prisma } from "#app/generated/prisma/client";
import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { formatDate, formatTime } from "#app/utils/dates";
import { emailFrom, emailQueued, sendEmail, usesOutbox } from "#app/utils/email.server";
import { earlierAnswer, type Submission } from "#app/utils/idempotency.server";
import { inTransaction } from "#app/utils/outbox.server";
import type { Publisher } from "#app/utils/realtime";
import { notify } from "#app/features/notifications/notifications.server";
import { calendarAttachment } from "./calendar.server";
import { meetingSnapshot, rereadMeeting, type MeetingRow, type MeetingSnapshot } from "./meeting-snapshots.server";
import { registerTogether, type Applicant } from "./registration-batches.server";
import { confirmedEmailFor, fillRegistrationEmail, registrationEmails, registrationLinks } from "./registration-emails.server";
import { meetingSelect } from "./meetings.server";
import { meetingRoom } from "./meetings.events";
import { canOrganise, ownsRegistration, registrationOpen } from "./meetings.policy";
import { ACCESS_NEEDS, type AccessNeed } from "./meetings.schema";
import { fail, ok, type CommandResult, type Failure, type Success } from "#app/utils/results";
import { unconfirmedEmail } from "#app/features/accounts/accounts.policy";

const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const newCode = () => Array.from(crypto.randomBytes(6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");

async function lockMeeting(tx: Prisma.TransactionClient, meetingId: string) {
  // Every change to who has a place happens with the meeting row locked, one at a time,
  // so the room is never overbooked however many people register at once.
  await tx.$queryRaw`SELECT id FROM "Meeting" WHERE id = ${meetingId} FOR UPDATE`;
}

async function confirmedPlaces(tx: Prisma.TransactionClient, meetingId: string) {
  const sum = await tx.registration.aggregate({ where: { meetingId, status: "CONFIRMED" }, _sum: { places: true } });
  return sum._sum.places ?? 0;
}

/** Confirms people from the front of the waiting list while their places fit. */
async function promoteWaiting(tx: Prisma.TransactionClient, meeting: { id: string; capacity: number }) {
  let free = meeting.capacity - (await confirmedPlaces(tx, meeting.id));
  const waiting = await tx.registration.findMany({
    where: { meetingId: meeting.id, status: "WAITING" },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, places: true },
  });
  const promoted: string[] = [];
  for (const registration of waiting) {
    if (registration.places > free) break; // the queue is kept in order: nobody jumps it
    await tx.registration.update({ where: { id: registration.id }, data: { status: "CONFIRMED", confirmedAt: new Date() } });
    free -= registration.places;
    promoted.push(registration.id);
  }
  return promoted;
}

export async function waitingPosition(registrationId: string) {
  const me = await db.registration.findUnique({ where: { id: registrationId }, select: { meetingId: true, status: true, createdAt: true, id: true } });
  if (!me || me.status !== "WAITING") return null;
  const ahead = await db.registration.count({
    where: { meetingId: me.meetingId, status: "WAITING", OR: [{ createdAt: { lt: me.createdAt } }, { createdAt: me.createdAt, id: { lt: me.id } }] },
  });
  return ahead + 1;
}

/** What the registration form gives: a guest's name and address (a signed-in person registers as themselves), and what they need. */
export type RegistrationForm = {
  name?: string;
  email?: string;
  accessNeeds: AccessNeed[];
  accessOther: string | null;
  supporter: boolean;
  idempotencyKey?: string;
};
export type RegisterInput = Omit<RegistrationForm, "name" | "email"> & { name: string; email: string; account: { id: string; emailVerified: boolean } | null };
type Registered = { registrationId: string; status: "CONFIRMED" | "WAITING" };

/** A guest must open the emailed link within this time, or the place is released to the waiting list. */
export const GUEST_CONFIRMATION_MS = 48 * 3_600_000;
/** At most this many unconfirmed guest registrations per address a day, so no one can fill meetings with one inbox's name. */
export const GUEST_REGISTRATIONS_PER_DAY = 3;
const GUEST_LIMIT = { withinMs: 86_400_000, most: GUEST_REGISTRATIONS_PER_DAY };

/** Registers the actor (signed in) or a guest (actor null, who must give a name and an address). */
export async function register(actor: SessionUser | null, slug: string, form: RegistrationForm, now = new Date()): Promise<CommandResult<Registered>> {
  const guestMissing: Failure["errors"] = {
    ...(!actor && !form.name ? { name: ["Enter your name"] } : {}),
    ...(!actor && !form.email ? { email: ["Enter an email address in the correct format, like name@example.com"] } : {}),
  };
  if (Object.keys(guestMissing).length) return { ok: false, status: 400, errors: guestMissing };
  // Signed-in people are registered as themselves, whatever the form says.
  const input: RegisterInput = { ...form, name: actor?.displayName ?? form.name!, email: actor?.email ?? form.email!, account: actor };
  // A guest's key belongs to their address; a signed-in person's to them.
  const submission: Submission = { owner: input.account?.id ?? `guest:${input.email.toLowerCase()}`, key: input.idempotencyKey, scope: `registration:${slug}` };
  if (input.account) {
    const unconfirmed = unconfirmedEmail(input.account);
    if (unconfirmed) return unconfirmed;
  }
  // Usually no query: this process's copy of the meeting, which the statement below checks (ADR 033).
  let snapshot = await meetingSnapshot(slug);
  // A refusal is decided on the meeting as it is now, not on a copy.
  if (snapshot && !registrationOpen(snapshot.meeting, now)) snapshot = await rereadMeeting(slug, snapshot);
  const token = newSecretToken();
  // A guest's address is proven by the emailed link; a signed-in person's already is.
  const emailToken = input.account ? null : newSecretToken();
  const places = input.supporter ? 2 : 1;
  const person = {
    id: crypto.randomUUID(),
    userId: input.account?.id ?? null,
    name: input.name,
    email: input.email,
    code: newCode(),
    cancelTokenHash: secretTokenHash(token),
    places,
    accessNeeds: input.accessNeeds,
    accessOther: input.accessOther,
    emailConfirmed: emailToken === null,
    emailTokenHash: emailToken ? secretTokenHash(emailToken) : null,
    owner: submission.owner,
    key: submission.key ?? null,
    scope: submission.scope,
    emailId: crypto.randomUUID(),
    from: emailFrom(),
    queued: !usesOutbox(),
    confirmedEmail: confirmedEmailFor(places),
    waitingEmail: "waiting",
    links: registrationLinks(token, emailToken),
  } satisfies Applicant;
  for (let attempt = 1; ; attempt++) {
    if (!snapshot || !registrationOpen(snapshot.meeting, now)) return (await earlierAnswer<Success<Registered>>(submission)) ?? refusal(snapshot, now);
    // One statement, usually shared with others registering at the same moment (ADR 031): the
    // meeting is locked and the place decided inside PostgreSQL, and the key's answer and the
    // email are stored with the registration. The email is queued by that statement (it exists
    // exactly when the registration does), from the meeting's templates (ADR 039): it picks the
    // one for the outcome and fills in the code and the place in the queue, which only it knows.
    const outcome = await registerTogether(snapshot, person, GUEST_LIMIT);
    switch (outcome.outcome) {
      case "registered":
        if (person.queued) emailQueued();
        return ok({ registrationId: outcome.id, status: outcome.status });
      case "guest-limit":
        return fail(
          429,
          "email",
          "This email address has registered for several meetings without confirming. Open the links we emailed to it, or try again tomorrow",
        );
      case "duplicate":
      case "answered":
      case "key-taken": {
        // A live registration for this address already exists, or this form was answered
        // already (sent twice, perhaps at once): give that answer.
        const first = await earlierAnswer<Success<Registered>>(submission);
        return first ?? fail(409, "email", "This email address is already registered for this meeting");
      }
      // Six-character codes can, very rarely, clash with another meeting's: draw again.
      case "code-taken":
        person.code = newCode();
        break;
      // The meeting changed since this process read it: read it again and compose again.
      case "stale":
        snapshot = await rereadMeeting(slug, snapshot);
        break;
    }
    if (attempt === 3) throw new Error(`Could not register after ${attempt} attempts (last: ${outcome.outcome})`);
  }
}

/** Why nobody can register for this meeting now. */
function refusal(snapshot: MeetingSnapshot | null, now: Date): Failure {
  if (!snapshot) return fail(404, "form", "This meeting does not exist");
  return fail(409, "form", now >= snapshot.meeting.startsAt ? "This meeting has already taken place" : "Registration for this meeting is closed");
}

async function emailPromoted(meeting: MeetingRow, ids: string[]) {
  const promoted = await db.registration.findMany({
    where: { id: { in: ids } },
    orderBy: [{ createdAt: "asc" }, { id: "asc" }],
    select: { id: true, userId: true, name: true, email: true, code: true, status: true, places: true, emailConfirmedAt: true },
  });
  // The meeting's emails and calendar file are the same for everyone promoted: made once.
  const emails = registrationEmails(meeting);
  const calendar = [calendarAttachment(meeting)];
  for (const registration of promoted) {
    // A guest who has not confirmed yet gets a fresh link (the first one may be lost); the deadline is unchanged.
    let emailToken: string | null = null;
    if (!registration.emailConfirmedAt) {
      emailToken = newSecretToken();
      await db.registration.update({ where: { id: registration.id }, data: { emailTokenHash: secretTokenHash(emailToken) } });
    }
    // Their cancel link came with their first email: only the confirmation link is new.
    const email = fillRegistrationEmail(emails[confirmedEmailFor(registration.places)], {
      ...registration,
      position: null,
      links: registrationLinks(null, emailToken),
    });
    await sendEmail({ to: registration.email, recipientId: registration.userId, registrationId: registration.id, ...email, attachments: calendar });
  }
}

export async function findByCancelToken(token: string) {
  return db.registration.findUnique({
    where: { cancelTokenHash: secretTokenHash(token) },
    select: { id: true, status: true, name: true, meeting: { select: { title: true, slug: true, startsAt: true } } },
  });
}

async function cancel(where: Prisma.RegistrationWhereUniqueInput): Promise<CommandResult<{ promoted: number }>> {
  const registration = await db.registration.findUnique({ where, select: { id: true, status: true, meetingId: true } });
  if (!registration) return fail(404, "form", "This cancellation link is not valid");
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: registration.meetingId }, select: meetingSelect });
  const promoted = await db.$transaction(async (tx) => {
    await lockMeeting(tx, meeting.id);
    const { count } = await tx.registration.updateMany({
      where: { id: registration.id, status: { not: "CANCELLED" } },
      data: { status: "CANCELLED", cancelledAt: new Date() },
    });
    if (count === 0) return null;
    return promoteWaiting(tx, meeting);
  });
  if (!promoted) return fail(409, "form", "This registration has already been cancelled");
  await emailPromoted(meeting, promoted);
  return ok({ promoted: promoted.length });
}

/** The emailed link is the authority here (it works without signing in), so there is no actor. */
export const cancelByToken = (token: string) => cancel({ cancelTokenHash: secretTokenHash(token) });

// Registrations belong to accounts by id, never by matching the email address: anyone can
// sign up with an address they do not own (docs/decisions/017).
export async function cancelOwn(actor: SessionUser, registrationId: string): Promise<CommandResult<{ promoted: number }>> {
  const owned = await db.registration.findFirst({ where: { id: registrationId, ...ownsRegistration.where(actor) }, select: { id: true } });
  if (!owned) return fail(404, "form", "This is not one of your registrations");
  return cancel({ id: owned.id });
}

/**
 * What is a person's when their account is deleted: the registrations of the account, and,
 * only if the account's address is proven, registrations made as a guest with that address and
 * not attached to an account (a guest's own confirmed registrations are attached when either
 * side proves the address; these are the ones whose emailed link was not opened yet). Never an
 * address alone: anyone can sign up with someone else's address (docs/decisions/017).
 */
export function registrationsOfPerson(person: { id: string; email: string; emailVerified: boolean }): Prisma.RegistrationWhereInput {
  return { OR: [{ userId: person.id }, ...(person.emailVerified ? [{ userId: null, email: person.email }] : [])] };
}

/**
 * Their account is being deleted: each of the person's places at meetings still to come is
 * cancelled as they would cancel it (under the meeting's lock, the waiting list moving up and
 * whoever gets the place emailed). Throws if one cannot be cancelled, so the erasure stops
 * before it removes the name from a place that is still held.
 */
export async function cancelUpcomingOf(person: { id: string; email: string; emailVerified: boolean }, now = new Date()): Promise<number> {
  const upcoming = await db.registration.findMany({
    where: { AND: [registrationsOfPerson(person), { status: { not: "CANCELLED" }, meeting: { endsAt: { gt: now } } }] },
    select: { id: true },
  });
  for (const { id } of upcoming) {
    const cancelled = await cancel({ id });
    // Already cancelled (by their own link, or a release, at this moment) is what was wanted.
    if (!cancelled.ok && cancelled.status !== 409) throw new Error(`Could not cancel registration ${id}: ${JSON.stringify(cancelled.errors)}`);
  }
  return upcoming.length;
}

export async function myRegistrations(viewer: SessionUser) {
  const rows = await db.registration.findMany({
    where: ownsRegistration.where(viewer),
    orderBy: { meeting: { startsAt: "asc" } },
    select: {
      id: true,
      code: true,
      status: true,
      places: true,
      meeting: { select: { slug: true, title: true, startsAt: true, endsAt: true, venueName: true } },
    },
  });
  return Promise.all(rows.map(async (r) => ({ ...r, position: r.status === "WAITING" ? await waitingPosition(r.id) : null })));
}

export async function registrationFor(viewer: SessionUser | null, meetingId: string) {
  if (!viewer) return null;
  const row = await db.registration.findFirst({
    where: { meetingId, status: { not: "CANCELLED" }, ...ownsRegistration.where(viewer) },
    select: { id: true, code: true, status: true },
  });
  return row ? { ...row, position: row.status === "WAITING" ? await waitingPosition(row.id) : null } : null;
}

// ------------------------------------------------------------------ guests confirming their address

export async function findByConfirmToken(token: string) {
  return db.registration.findUnique({
    where: { emailTokenHash: secretTokenHash(token) },
    select: { id: true, status: true, emailConfirmedAt: true, meeting: { select: { title: true, slug: true, startsAt: true } } },
  });
}

/**
 * The guest opened the emailed link: the address is theirs, so the place is kept. If an
 * account with a confirmed address matches, the registration joins it (never an account
 * whose address is unconfirmed: anyone can sign up with someone else's address).
 */
export async function confirmGuestRegistration(token: string, now = new Date()): Promise<CommandResult<{ status: "CONFIRMED" | "WAITING" }>> {
  const registration = await db.registration.findUnique({
    where: { emailTokenHash: secretTokenHash(token) },
    select: { id: true, email: true, status: true, userId: true, createdAt: true, emailConfirmedAt: true },
  });
  if (!registration) return fail(404, "form", "This confirmation link is not valid");
  if (registration.status === "CANCELLED")
    return fail(409, "form", "This registration was cancelled, or its place was released because it was not confirmed in time");
  if (registration.status !== "CONFIRMED" && registration.status !== "WAITING") return fail(409, "form", "This registration cannot be confirmed");
  if (registration.emailConfirmedAt) return ok({ status: registration.status });
  if (registration.createdAt.getTime() + GUEST_CONFIRMATION_MS <= now.getTime())
    return fail(409, "form", "This link has expired and the place has been released. Register again if places are left");
  const account = registration.userId
    ? null
    : await db.user.findFirst({ where: { email: registration.email, emailVerifiedAt: { not: null } }, select: { id: true } });
  const { count } = await db.registration.updateMany({
    where: { id: registration.id, emailConfirmedAt: null, status: { not: "CANCELLED" } },
    data: { emailConfirmedAt: now, ...(account ? { userId: account.id } : {}) },
  });
  if (count === 0) return fail(409, "form", "This registration was cancelled, or its place was released because it was not confirmed in time");
  return ok({ status: registration.status });
}

/** Called when an account's address is confirmed: guest registrations proven for that address join the account. */
export async function attachConfirmedGuestRegistrations(tx: Prisma.TransactionClient, userId: string) {
  const user = await tx.user.findUniqueOrThrow({ where: { id: userId }, select: { email: true, emailVerifiedAt: true } });
  if (!user.emailVerifiedAt) return 0;
  const { count } = await tx.registration.updateMany({ where: { email: user.email, userId: null, emailConfirmedAt: { not: null } }, data: { userId } });
  return count;
}

/** Guests who never opened the link within 48 hours lose the place; the waiting list moves up as usual. */
export async function releaseUnconfirmedPlaces(now = new Date()) {
  const cutoff = new Date(now.getTime() - GUEST_CONFIRMATION_MS);
  // Only for meetings still to come: after a meeting nobody is waiting for the place.
  const stale = { emailConfirmedAt: null, status: { not: "CANCELLED" as const }, createdAt: { lte: cutoff }, meeting: { endsAt: { gt: now } } };
  const meetings = await db.registration.findMany({ where: stale, distinct: ["meetingId"], select: { meetingId: true }, take: 200 });
  let released = 0;
  for (const { meetingId } of meetings) {
    const meeting = await db.meeting.findUniqueOrThrow({ where: { id: meetingId }, select: meetingSelect });
    const outcome = await db.$transaction(async (tx) => {
      await lockMeeting(tx, meetingId);
      const { count } = await tx.registration.updateMany({ where: { meetingId, ...stale }, data: { status: "CANCELLED", cancelledAt: now } });
      return { count, promoted: count ? await promoteWaiting(tx, meeting) : [] };
    });
    released += outcome.count;
    await emailPromoted(meeting, outcome.promoted);
  }
  return released;
}

// ------------------------------------------------------------------ organisers

export async function changeCapacity(actor: SessionUser, slug: string, capacity: number): Promise<CommandResult<{ promoted: number }>> {
  if (!canOrganise(actor)) return fail(403, "form", "Only organisers can change the capacity");
  const meeting = await db.meeting.findUnique({ where: { slug }, select: meetingSelect });
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const outcome = await db.$transaction(async (tx) => {
    await lockMeeting(tx, meeting.id);
    const confirmed = await confirmedPlaces(tx, meeting.id);
    if (capacity < confirmed) return { refused: confirmed };
    await tx.meeting.update({ where: { id: meeting.id }, data: { capacity } });
    return { promoted: await promoteWaiting(tx, { id: meeting.id, capacity }) };
  });
  if ("refused" in outcome) return fail(409, "capacity", `${outcome.refused} places are already confirmed: the capacity cannot go below that`);
  await emailPromoted({ ...meeting, capacity }, outcome.promoted);
  return ok({ promoted: outcome.promoted.length });
}

/** Who is coming and what they need: for organisers only (null for anyone else, as for a meeting that does not exist). */
export async function attendees(viewer: SessionUser | null, slug: string) {
  if (!canOrganise(viewer)) return null;
  const meeting = await db.meeting.findUnique({ where: { slug }, select: { ...meetingSelect, accessNeedsErasedAt: true, accessNeedsSummary: true } });
  if (!meeting) return null;
  const registrations = await db.registration.findMany({
    where: { meetingId: meeting.id },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: {
      id: true,
      name: true,
      email: true,
      code: true,
      status: true,
      places: true,
      accessNeeds: true,
      accessOther: true,
      createdAt: true,
      cancelledAt: true,
      attendedAt: true,
    },
  });
  const live = registrations.filter((r) => r.status !== "CANCELLED");
  const summary = meeting.accessNeedsErasedAt ? (meeting.accessNeedsSummary as Record<string, number>) : summariseAccessNeeds(live);
  const counts = {
    confirmed: registrations.filter((r) => r.status === "CONFIRMED").length,
    confirmedPlaces: registrations.filter((r) => r.status === "CONFIRMED").reduce((n, r) => n + r.places, 0),
    waiting: registrations.filter((r) => r.status === "WAITING").length,
    cancelled: registrations.filter((r) => r.status === "CANCELLED").length,
    attended: registrations.filter((r) => r.attendedAt).length,
  };
  return { meeting, registrations, counts, summary };
}

/** "2 wheelchair spaces, 1 BSL interpreter": what organisers must arrange, without who. */
export function summariseAccessNeeds(registrations: { accessNeeds: string[]; accessOther: string | null; places: number; status: string }[]) {
  const summary: Record<string, number> = {};
  for (const r of registrations) {
    for (const need of r.accessNeeds) summary[need] = (summary[need] ?? 0) + 1;
    if (r.places > 1) summary.supporter = (summary.supporter ?? 0) + 1;
    if (r.accessOther) summary.other = (summary.other ?? 0) + 1;
  }
  return summary;
}

export function describeSummary(summary: Record<string, number>): string[] {
  const label = (key: string) =>
    ACCESS_NEEDS.find((n) => n.key === key)?.summary ??
    (key === "supporter" ? "bringing a carer or supporter" : key === "other" ? "other needs described" : key);
  return Object.entries(summary).map(([key, n]) => `${n} × ${label(key)}`);
}

export async function attendeesCsv(viewer: SessionUser | null, slug: string) {
  const list = await attendees(viewer, slug);
  if (!list) return null;
  return toCsv(
    list.registrations.map((r) => [
      r.code,
      r.name,
      r.email,
      r.status,
      r.places,
      r.accessNeeds.join("; "),
      r.accessOther ?? "",
      r.createdAt.toISOString(),
      r.cancelledAt?.toISOString() ?? "",
      r.attendedAt?.toISOString() ?? "",
    ]),
    { header: true, columns: ["code", "name", "email", "status", "places", "access needs", "other needs", "registered", "cancelled", "attended"] },
  );
}

export async function findForCheckIn(viewer: SessionUser | null, slug: string, query: string) {
  if (!canOrganise(viewer)) return [];
  const meeting = await db.meeting.findUnique({ where: { slug }, select: { id: true } });
  if (!meeting || !query) return [];
  return db.registration.findMany({
    where: { meetingId: meeting.id, status: "CONFIRMED", OR: [{ code: query.toUpperCase() }, { name: { contains: query, mode: "insensitive" } }] },
    take: 20,
    orderBy: { name: "asc" },
    select: { id: true, name: true, code: true, places: true, attendedAt: true },
  });
}

export async function checkIn(actor: SessionUser, slug: string, registrationId: string, publisher: Publisher): Promise<CommandResult<{ attended: number }>> {
  if (!canOrganise(actor)) return fail(403, "form", "Only organisers can check people in");
  const meeting = await db.meeting.findUnique({ where: { slug }, select: { id: true } });
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const attended = await inTransaction(publisher, async (tx, outbox) => {
    const { count } = await tx.registration.updateMany({
      where: { id: registrationId, meetingId: meeting.id, status: "CONFIRMED", attendedAt: null },
      data: { attendedAt: new Date() },
    });
    if (count === 0) return null;
    const total = await tx.registration.count({ where: { meetingId: meeting.id, attendedAt: { not: null } } });
    await outbox.event(meetingRoom(meeting.id), "meeting:attendance", { attended: total });
    return total;
  });
  if (attended === null) {
    const exists = await db.registration.findFirst({ where: { id: registrationId, meetingId: meeting.id, status: "CONFIRMED" }, select: { id: true } });
    return exists ? fail(409, "form", "Already checked in") : fail(404, "form", "No confirmed registration with this code");
  }
  return ok({ attended });
}

// ------------------------------------------------------------------ timed work

/**
 * Reminders two days before each meeting. Safe to run on every process and after restarts.
 * (Access needs are erased by the retention schedule: app/features/privacy/retention.server.ts.)
 */
export async function runMeetingSchedule(publisher: Publisher, now = new Date()) {
  const soon = await db.registration.findMany({
    where: {
      status: "CONFIRMED",
      remindedAt: null,
      emailConfirmedAt: { not: null },
      // Nobody to remind once the registration is anonymised.
      anonymisedAt: null,
      meeting: { startsAt: { gt: now, lte: new Date(now.getTime() + 2 * 86_400_000) } },
    },
    select: { id: true, name: true, email: true, code: true, userId: true, meeting: { select: meetingSelect } },
    take: 500,
  });
  // A meeting's calendar file, made once for everyone reminded of it.
  const calendars = new Map<string, ReturnType<typeof calendarAttachment>>();
  const calendarFor = (meeting: MeetingRow) => calendars.get(meeting.id) ?? calendars.set(meeting.id, calendarAttachment(meeting)).get(meeting.id)!;
  for (const r of soon) {
    await inTransaction(publisher, async (tx, outbox) => {
      const { count } = await tx.registration.updateMany({ where: { id: r.id, remindedAt: null }, data: { remindedAt: now } });
      if (!count) return;
      await sendEmail(
        {
          to: r.email,
          recipientId: r.userId,
          registrationId: r.id,
          subject: `Reminder: ${r.meeting.title}, ${formatDate(r.meeting.startsAt)}`,
          text: `Hello ${r.name},\n\nA reminder that ${r.meeting.title} is on ${formatDate(r.meeting.startsAt)} at ${formatTime(r.meeting.startsAt)}, ${[r.meeting.venueName, r.meeting.venueAddress].filter(Boolean).join(", ")}.\nYour registration code: ${r.code}\n`,
          attachments: [calendarFor(r.meeting)],
        },
        outbox,
      );
      // People with an account see the reminder in Touchstone too (the email above is the one email).
      if (r.userId) {
        await notify(outbox, [
          {
            userId: r.userId,
            kind: "meeting-reminder",
            title: `Reminder: ${r.meeting.title}, ${formatDate(r.meeting.startsAt)}`,
            link: `/meetings/${r.meeting.slug}`,
            email: false,
          },
        ]);
      }
    });
  }
  const released = await releaseUnconfirmedPlaces(now);
  return { reminded: soon.length, released };
}

import crypto from "node:crypto";
import { toCsv } from "~/utils/csv.server";
import type { Prisma } from "~/generated/prisma/client";
import type { SessionUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { formatDate, formatTime } from "~/utils/dates";
import { appUrl, sendEmail } from "~/utils/email.server";
import type { Publisher } from "~/utils/realtime";
import { notify } from "../notifications/notifications.server";
import { meetingCalendar } from "./calendar.server";
import { meetingSelect } from "./meetings.server";
import { MEETING_EVENTS, meetingRoom } from "./meetings.events";
import { canOrganise, registrationOpen } from "./meetings.policy";
import { ACCESS_NEEDS, type AccessNeed } from "./meetings.schema";
import { fail, type Failure } from "~/utils/results";


const CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
const newCode = () => Array.from(crypto.randomBytes(6), (b) => CODE_ALPHABET[b % CODE_ALPHABET.length]).join("");
const hashToken = (token: string) => crypto.createHash("sha256").update(token).digest("hex");

type MeetingRow = Prisma.MeetingGetPayload<{ select: typeof meetingSelect }>;

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
  const waiting = await tx.registration.findMany({ where: { meetingId: meeting.id, status: "WAITING" }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, places: true } });
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

export type RegisterInput = { name: string; email: string; userId: string | null; accessNeeds: AccessNeed[]; accessOther: string | null; supporter: boolean };

export async function register(slug: string, input: RegisterInput, now = new Date()): Promise<{ ok: true; registrationId: string; status: "CONFIRMED" | "WAITING" } | Failure> {
  const meeting = await db.meeting.findUnique({ where: { slug }, select: meetingSelect });
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  if (!registrationOpen(meeting, now)) return fail(409, "form", now >= meeting.startsAt ? "This meeting has already taken place" : "Registration for this meeting is closed");
  const token = crypto.randomBytes(24).toString("base64url");
  const places = input.supporter ? 2 : 1;
  let rows: RegisteredRow[] = [];
  for (let attempt = 0; ; attempt++) {
    try {
      // One round trip: the function locks the meeting and decides the place inside
      // PostgreSQL (migration 20261122240000), so the lock is never held across the network.
      rows = await db.$queryRaw<RegisteredRow[]>`
        SELECT id, code, status, "position" FROM touchstone_register(${crypto.randomUUID()}, ${meeting.id}, ${input.userId}, ${input.name}, ${input.email},
          ${newCode()}, ${hashToken(token)}, ${places}::int, ${input.accessNeeds}::text[], ${input.accessOther})`;
      break;
    } catch (error) {
      // Six-character codes can, very rarely, clash with another meeting's: draw again.
      if (attempt >= 3 || !String(error).includes("Registration_code_key")) throw error;
    }
  }
  const registered = rows[0];
  if (!registered) return fail(409, "email", "This email address is already registered for this meeting");
  await sendRegistrationEmail(meeting, { ...registered, name: input.name, email: input.email, places }, token);
  return { ok: true, registrationId: registered.id, status: registered.status };
}

type RegisteredRow = { id: string; code: string; status: "CONFIRMED" | "WAITING"; position: number | null };
type EmailedRegistration = { id: string; name: string; email: string; code: string; status: "CONFIRMED" | "WAITING" | "CANCELLED"; places: number; position: number | null };

async function sendRegistrationEmail(meeting: MeetingRow, registration: EmailedRegistration, token: string | null) {
  const when = `${formatDate(meeting.startsAt)}, ${formatTime(meeting.startsAt)} to ${formatTime(meeting.endsAt)}`;
  const where = [meeting.venueName, meeting.venueAddress].filter(Boolean).join(", ") || meeting.onlineUrl || "";
  const cancel = token ? `\nIf you cannot come, cancel here so someone on the waiting list can have your place:\n${appUrl(`/meetings/cancel/${token}`)}\n` : "";
  if (registration.status === "CONFIRMED") {
    await sendEmail({
      to: registration.email,
      subject: `Your place at ${meeting.title}`,
      text: `Hello ${registration.name},\n\nYou have a place${registration.places > 1 ? " for you and your supporter" : ""} at ${meeting.title}.\n\nWhen: ${when}\nWhere: ${where}\nYour registration code: ${registration.code}\n\nThe calendar file attached adds the meeting to your calendar.\n${cancel}`,
      attachments: [{ filename: "meeting.ics", content: meetingCalendar(meeting), contentType: "text/calendar; charset=utf-8; method=PUBLISH" }],
    });
  } else {
    await sendEmail({
      to: registration.email,
      subject: `You are on the waiting list for ${meeting.title}`,
      text: `Hello ${registration.name},\n\n${meeting.title} is full, so you are number ${registration.position} on the waiting list. If a place comes free we will confirm it and email you straight away.\n\nYour registration code: ${registration.code}\n${cancel}`,
    });
  }
}

async function emailPromoted(meeting: MeetingRow, ids: string[]) {
  const promoted = await db.registration.findMany({ where: { id: { in: ids } }, orderBy: [{ createdAt: "asc" }, { id: "asc" }], select: { id: true, name: true, email: true, code: true, status: true, places: true } });
  for (const registration of promoted) await sendRegistrationEmail(meeting, { ...registration, position: null }, null);
}

export async function findByCancelToken(token: string) {
  return db.registration.findUnique({ where: { cancelTokenHash: hashToken(token) }, select: { id: true, status: true, name: true, meeting: { select: { title: true, slug: true, startsAt: true } } } });
}

async function cancel(where: Prisma.RegistrationWhereUniqueInput): Promise<{ ok: true; promoted: number } | Failure> {
  const registration = await db.registration.findUnique({ where, select: { id: true, status: true, meetingId: true } });
  if (!registration) return fail(404, "form", "This cancellation link is not valid");
  const meeting = await db.meeting.findUniqueOrThrow({ where: { id: registration.meetingId }, select: meetingSelect });
  const promoted = await db.$transaction(async (tx) => {
    await lockMeeting(tx, meeting.id);
    const { count } = await tx.registration.updateMany({ where: { id: registration.id, status: { not: "CANCELLED" } }, data: { status: "CANCELLED", cancelledAt: new Date() } });
    if (count === 0) return null;
    return promoteWaiting(tx, meeting);
  });
  if (!promoted) return fail(409, "form", "This registration has already been cancelled");
  await emailPromoted(meeting, promoted);
  return { ok: true, promoted: promoted.length };
}

export const cancelByToken = (token: string) => cancel({ cancelTokenHash: hashToken(token) });

export async function cancelOwn(user: SessionUser, registrationId: string) {
  const owned = await db.registration.findFirst({ where: { id: registrationId, OR: [{ userId: user.id }, { email: user.email }] }, select: { id: true } });
  if (!owned) return fail(404, "form", "This is not one of your registrations");
  return cancel({ id: owned.id });
}

export async function myRegistrations(user: SessionUser) {
  const rows = await db.registration.findMany({
    where: { OR: [{ userId: user.id }, { email: user.email }] },
    orderBy: { meeting: { startsAt: "asc" } },
    select: { id: true, code: true, status: true, places: true, meeting: { select: { slug: true, title: true, startsAt: true, endsAt: true, venueName: true } } },
  });
  return Promise.all(rows.map(async (r) => ({ ...r, position: r.status === "WAITING" ? await waitingPosition(r.id) : null })));
}

export async function registrationFor(meetingId: string, user: SessionUser | null) {
  if (!user) return null;
  const row = await db.registration.findFirst({ where: { meetingId, status: { not: "CANCELLED" }, OR: [{ userId: user.id }, { email: user.email }] }, select: { id: true, code: true, status: true } });
  return row ? { ...row, position: row.status === "WAITING" ? await waitingPosition(row.id) : null } : null;
}

// ------------------------------------------------------------------ organisers

export async function changeCapacity(organiser: SessionUser, slug: string, capacity: number): Promise<{ ok: true; promoted: number } | Failure> {
  if (!canOrganise(organiser)) return fail(403, "form", "Only organisers can change the capacity");
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
  return { ok: true, promoted: outcome.promoted.length };
}

export async function attendees(slug: string) {
  const meeting = await db.meeting.findUnique({ where: { slug }, select: { ...meetingSelect, accessNeedsErasedAt: true, accessNeedsSummary: true } });
  if (!meeting) return null;
  const registrations = await db.registration.findMany({
    where: { meetingId: meeting.id },
    orderBy: [{ status: "asc" }, { createdAt: "asc" }, { id: "asc" }],
    select: { id: true, name: true, email: true, code: true, status: true, places: true, accessNeeds: true, accessOther: true, createdAt: true, cancelledAt: true, attendedAt: true },
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
  const label = (key: string) => ACCESS_NEEDS.find((n) => n.key === key)?.summary ?? (key === "supporter" ? "bringing a carer or supporter" : key === "other" ? "other needs described" : key);
  return Object.entries(summary).map(([key, n]) => `${n} × ${label(key)}`);
}

export async function attendeesCsv(slug: string) {
  const list = await attendees(slug);
  if (!list) return null;
  return toCsv(
    list.registrations.map((r) => [r.code, r.name, r.email, r.status, r.places, r.accessNeeds.join("; "), r.accessOther ?? "", r.createdAt.toISOString(), r.cancelledAt?.toISOString() ?? "", r.attendedAt?.toISOString() ?? ""]),
    { header: true, columns: ["code", "name", "email", "status", "places", "access needs", "other needs", "registered", "cancelled", "attended"] },
  );
}

export async function findForCheckIn(slug: string, query: string) {
  const meeting = await db.meeting.findUnique({ where: { slug }, select: { id: true } });
  if (!meeting || !query) return [];
  return db.registration.findMany({
    where: { meetingId: meeting.id, status: "CONFIRMED", OR: [{ code: query.toUpperCase() }, { name: { contains: query, mode: "insensitive" } }] },
    take: 20,
    orderBy: { name: "asc" },
    select: { id: true, name: true, code: true, places: true, attendedAt: true },
  });
}

export async function checkIn(organiser: SessionUser, slug: string, registrationId: string, publisher: Publisher): Promise<{ ok: true; attended: number } | Failure> {
  if (!canOrganise(organiser)) return fail(403, "form", "Only organisers can check people in");
  const meeting = await db.meeting.findUnique({ where: { slug }, select: { id: true } });
  if (!meeting) return fail(404, "form", "This meeting does not exist");
  const { count } = await db.registration.updateMany({ where: { id: registrationId, meetingId: meeting.id, status: "CONFIRMED", attendedAt: null }, data: { attendedAt: new Date() } });
  if (count === 0) {
    const exists = await db.registration.findFirst({ where: { id: registrationId, meetingId: meeting.id, status: "CONFIRMED" }, select: { id: true } });
    return exists ? fail(409, "form", "Already checked in") : fail(404, "form", "No confirmed registration with this code");
  }
  const attended = await db.registration.count({ where: { meetingId: meeting.id, attendedAt: { not: null } } });
  await publisher.publish(meetingRoom(meeting.id), MEETING_EVENTS.attendance, { attended });
  return { ok: true, attended };
}

// ------------------------------------------------------------------ timed work

/**
 * Reminders two days before each meeting, and, a set number of days after it, erasure of
 * access-needs details (the totals are kept). Safe to run on every process and after restarts.
 */
export async function runMeetingSchedule(publisher: Publisher, now = new Date()) {
  const soon = await db.registration.findMany({
    where: { status: "CONFIRMED", remindedAt: null, meeting: { startsAt: { gt: now, lte: new Date(now.getTime() + 2 * 86_400_000) } } },
    select: { id: true, name: true, email: true, code: true, userId: true, meeting: { select: meetingSelect } },
    take: 500,
  });
  for (const r of soon) {
    const { count } = await db.registration.updateMany({ where: { id: r.id, remindedAt: null }, data: { remindedAt: now } });
    if (!count) continue;
    await sendEmail({
      to: r.email,
      subject: `Reminder: ${r.meeting.title}, ${formatDate(r.meeting.startsAt)}`,
      text: `Hello ${r.name},\n\nA reminder that ${r.meeting.title} is on ${formatDate(r.meeting.startsAt)} at ${formatTime(r.meeting.startsAt)}, ${[r.meeting.venueName, r.meeting.venueAddress].filter(Boolean).join(", ")}.\nYour registration code: ${r.code}\n`,
      attachments: [{ filename: "meeting.ics", content: meetingCalendar(r.meeting), contentType: "text/calendar; charset=utf-8; method=PUBLISH" }],
    });
    // People with an account see the reminder in Touchstone too (the email above is the one email).
    if (r.userId) {
      await notify([{ userId: r.userId, kind: "meeting-reminder", title: `Reminder: ${r.meeting.title}, ${formatDate(r.meeting.startsAt)}`, link: `/meetings/${r.meeting.slug}`, email: false }], publisher);
    }
  }
  const due = await db.meeting.findMany({ where: { accessNeedsErasedAt: null, endsAt: { lt: now } }, select: { id: true, endsAt: true, accessRetentionDays: true } });
  let erased = 0;
  for (const meeting of due) {
    if (meeting.endsAt.getTime() + meeting.accessRetentionDays * 86_400_000 > now.getTime()) continue;
    await db.$transaction(async (tx) => {
      const live = await tx.registration.findMany({ where: { meetingId: meeting.id, status: { not: "CANCELLED" } }, select: { accessNeeds: true, accessOther: true, places: true, status: true } });
      await tx.meeting.update({ where: { id: meeting.id }, data: { accessNeedsErasedAt: now, accessNeedsSummary: summariseAccessNeeds(live) } });
      await tx.registration.updateMany({ where: { meetingId: meeting.id }, data: { accessNeeds: [], accessOther: null } });
    });
    erased++;
  }
  return { reminded: soon.length, erased };
}

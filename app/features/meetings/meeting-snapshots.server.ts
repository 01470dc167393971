import { Prisma } from "#app/generated/prisma/client";
import { queryRows } from "#app/utils/db.server";
import { singleton } from "#app/utils/singleton.server";
import type { Email } from "#app/utils/email.server";
import { calendarAttachment } from "./calendar.server";
import { registrationEmails, type RegistrationEmails } from "./registration-emails.server";
import type { meetingSelect } from "./meetings.server";

export type MeetingRow = Prisma.MeetingGetPayload<{ select: typeof meetingSelect }>;

/**
 * A meeting as this process last read it to register someone, with its calendar file and its
 * registration emails' templates made once (ADR 039). `digest` stands for every column read
 * (touchstone_meeting_digest, migration 20261201090000): the registration statement compares it
 * under the meeting's lock and answers `stale` when the meeting has changed, so a copy can be
 * old but is never used (ADR 033).
 */
export type MeetingSnapshot = { meeting: MeetingRow; digest: string; calendar: NonNullable<Email["attachments"]>; emails: RegistrationEmails };

type Entry = { read: Promise<MeetingSnapshot | null>; snapshot?: MeetingSnapshot | null };

/** A few hundred meetings take registrations at any one time; beyond that the oldest copy goes. */
const MOST_KEPT = 500;
const snapshots = singleton("meeting-snapshots", () => new Map<string, Entry>());

/** The meeting to register for, usually without asking the database. */
export function meetingSnapshot(slug: string): Promise<MeetingSnapshot | null> {
  return (snapshots.get(slug) ?? readAgain(slug)).read;
}

/**
 * The meeting as it is now, when `seen` turned out stale or is about to refuse someone. People
 * told `stale` together share one read: a copy newer than `seen`, or a read in flight, is used.
 */
export function rereadMeeting(slug: string, seen: MeetingSnapshot | null): Promise<MeetingSnapshot | null> {
  const entry = snapshots.get(slug);
  if (entry && (entry.snapshot === undefined || entry.snapshot !== seen)) return entry.read;
  return readAgain(slug).read;
}

function readAgain(slug: string): Entry {
  const entry: Entry = { read: readSnapshot(slug) };
  snapshots.delete(slug);
  snapshots.set(slug, entry);
  if (snapshots.size > MOST_KEPT) snapshots.delete(snapshots.keys().next().value!);
  entry.read.then(
    (snapshot) => {
      entry.snapshot = snapshot;
      // A meeting that does not exist (yet) is asked for again next time.
      if (!snapshot && snapshots.get(slug) === entry) snapshots.delete(slug);
    },
    () => snapshots.get(slug) === entry && snapshots.delete(slug),
  );
  return entry;
}

async function readSnapshot(slug: string): Promise<MeetingSnapshot | null> {
  const [row] = await queryRows<MeetingRow & { digest: string }>(Prisma.sql`
    SELECT m.id, m.slug, m.title, m.description, m."startsAt", m."endsAt", m."venueName", m."venueAddress", m."onlineUrl", m.capacity,
           m."registrationOpensAt", m."registrationClosesAt", touchstone_meeting_digest(m) AS digest
    FROM "Meeting" m WHERE m.slug = ${slug}`);
  if (!row) return null;
  const { digest, ...meeting } = row;
  return { meeting, digest, calendar: [calendarAttachment(meeting)], emails: registrationEmails(meeting) };
}

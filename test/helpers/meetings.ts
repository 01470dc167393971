import crypto from "node:crypto";
import type { Applicant } from "#app/features/meetings/registration-batches.server";
import { db } from "#app/utils/db.server";
import { uniqueEmail } from "./factories";

const HOUR = 3_600_000;

/**
 * A meeting at Hemsley House with registration open, starting on the minute (calendar
 * files carry whole seconds) `startsIn` hours from now.
 */
export async function createMeeting(options: { capacity?: number; startsIn?: number; registrationClosed?: boolean } = {}) {
  const slug = `meeting-${crypto.randomUUID().slice(0, 8)}`;
  const startsAt = new Date(Math.floor((Date.now() + (options.startsIn ?? 72) * HOUR) / 60_000) * 60_000);
  return db.meeting.create({
    data: {
      slug,
      title: `Open meeting ${slug}`,
      description: "Come and have your say.",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 1.5 * HOUR),
      venueName: "Hemsley House",
      venueAddress: "Hemsley House, Salford",
      capacity: options.capacity ?? 50,
      registrationOpensAt: new Date(Date.now() - 24 * HOUR),
      registrationClosesAt: options.registrationClosed ? new Date(Date.now() - HOUR) : new Date(startsAt.getTime() - HOUR),
    },
  });
}

/** One person as the registration statement reads them (touchstone_register_batch): a guest whose address is confirmed, with an idempotency key. */
export function newApplicant(meetingId: string, name: string, overrides: Partial<Applicant> = {}): Applicant {
  const email = uniqueEmail(name.toLowerCase());
  return {
    id: crypto.randomUUID(),
    userId: null,
    name,
    email,
    code: crypto.randomBytes(3).toString("hex").toUpperCase(),
    cancelTokenHash: crypto.randomUUID(),
    places: 1,
    accessNeeds: [],
    accessOther: null,
    emailConfirmed: true,
    emailTokenHash: null,
    owner: `guest:${email}`,
    key: crypto.randomUUID(),
    scope: `registration:${meetingId}`,
    emailId: crypto.randomUUID(),
    from: "touchstone@example.test",
    queued: true,
    confirmedEmail: "confirmed",
    waitingEmail: "waiting",
    links: `\nLinks for ${name}: https://touchstone.example.test/meetings/cancel/${crypto.randomUUID()}\n`,
    ...overrides,
  };
}

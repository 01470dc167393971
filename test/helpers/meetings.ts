import crypto from "node:crypto";
import { db } from "#app/utils/db.server";

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

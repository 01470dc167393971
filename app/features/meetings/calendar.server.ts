import ical from "ical-generator";
import { appUrl } from "#app/utils/email.server";

type CalendarMeeting = {
  id: string;
  slug: string;
  title: string;
  description: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
  venueAddress: string | null;
  onlineUrl: string | null;
};

/** An iCalendar file for a meeting, to attach to emails and to add to any calendar. */
export function meetingCalendar(meeting: CalendarMeeting): string {
  const calendar = ical({ name: "Touchstone", prodId: { company: "Touchstone", product: "meetings", language: "EN" } });
  calendar.createEvent({
    id: `meeting-${meeting.id}@touchstone`,
    start: meeting.startsAt,
    end: meeting.endsAt,
    timezone: "Europe/London",
    summary: meeting.title,
    description: meeting.description,
    location: [meeting.venueName, meeting.venueAddress].filter(Boolean).join(", ") || meeting.onlineUrl || undefined,
    url: appUrl(`/meetings/${meeting.slug}`),
  });
  return calendar.toString();
}

/** The meeting's calendar file as an email attachment. */
export function calendarAttachment(meeting: CalendarMeeting) {
  return { filename: "meeting.ics", content: meetingCalendar(meeting), contentType: "text/calendar; charset=utf-8; method=PUBLISH" };
}

import { formatDate, formatTime } from "#app/utils/dates";
import { appUrl } from "#app/utils/email.server";

/**
 * The emails telling someone their place or their number in the queue, as templates: composed
 * once per copy of a meeting (ADR 039), not twice for every person who registers. A template
 * holds slots for what differs from person to person; the registration statement fills them in
 * (touchstone_register_batch, migration 20261201120000), as only it knows the code and the place
 * in the queue, and `fillRegistrationEmail` does the same here for emails sent from the app.
 */

/** Stand-ins for each person's details, made of private-use characters, which ordinary text does not use. */
export const SLOTS = {
  code: "\uE000code\uE000",
  position: "\uE000position\uE000",
  links: "\uE000links\uE000",
  name: "\uE000name\uE000",
} as const;

type Template = { subject: string; text: string };
/** One template for each email a registration can be sent; a person's says which is theirs. */
export type RegistrationEmails = Record<"confirmed" | "confirmed-with-supporter" | "waiting", Template>;
export type RegistrationEmailName = keyof RegistrationEmails;

type EmailedMeeting = {
  title: string;
  startsAt: Date;
  endsAt: Date;
  venueName: string | null;
  venueAddress: string | null;
  onlineUrl: string | null;
};

export function registrationEmails(meeting: EmailedMeeting): RegistrationEmails {
  const when = `${formatDate(meeting.startsAt)}, ${formatTime(meeting.startsAt)} to ${formatTime(meeting.endsAt)}`;
  const where = [meeting.venueName, meeting.venueAddress].filter(Boolean).join(", ") || meeting.onlineUrl || "";
  const confirmed = (who: string) => ({
    subject: `Your place at ${meeting.title}`,
    text: `Hello ${SLOTS.name},\n\nYou have a place${who} at ${meeting.title}.\n\nWhen: ${when}\nWhere: ${where}\nYour registration code: ${SLOTS.code}\n\nThe calendar file attached adds the meeting to your calendar.\n${SLOTS.links}`,
  });
  return {
    confirmed: confirmed(""),
    "confirmed-with-supporter": confirmed(" for you and your supporter"),
    waiting: {
      subject: `You are on the waiting list for ${meeting.title}`,
      text: `Hello ${SLOTS.name},\n\n${meeting.title} is full, so you are number ${SLOTS.position} on the waiting list. If a place comes free we will confirm it and email you straight away.\n\nYour registration code: ${SLOTS.code}\n${SLOTS.links}`,
    },
  };
}

/** The email for a confirmed place: with the supporter's place named when there is one. */
export const confirmedEmailFor = (places: number): RegistrationEmailName => (places > 1 ? "confirmed-with-supporter" : "confirmed");

/** A person's own links: confirming a guest's address (`emailToken`), and cancelling (`cancelToken`). */
export function registrationLinks(cancelToken: string | null, emailToken: string | null): string {
  const confirm = emailToken
    ? `\nConfirm that this is your email address within 48 hours, or we will give the place to someone else:\n${appUrl(`/meetings/confirm/${emailToken}`)}\n`
    : "";
  const cancel = cancelToken
    ? `\nIf you cannot come, cancel here so someone on the waiting list can have your place:\n${appUrl(`/meetings/cancel/${cancelToken}`)}\n`
    : "";
  return `${confirm}${cancel}`;
}

/**
 * A template with one person's details in its slots, in the statement's order: the name last,
 * so a name that happens to contain a slot's characters is written as it is.
 */
export function fillRegistrationEmail(template: Template, person: { name: string; code: string; position: number | null; links: string }): Template {
  const text = template.text
    // Replaced by functions: a replacement string would read `$&` in a name as a pattern.
    .replaceAll(SLOTS.code, () => person.code)
    .replaceAll(SLOTS.position, () => person.position?.toString() ?? "")
    .replaceAll(SLOTS.links, () => person.links)
    .replaceAll(SLOTS.name, () => person.name);
  return { subject: template.subject, text };
}

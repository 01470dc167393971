import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { forumCalendar, type CalendarEntry } from "#app/features/forum/calendar.server";
import { formatDate, formatTime } from "#app/utils/dates";

// Dates of meetings and elections are public; the calendar is open to everyone.
export async function loader(_args: LoaderFunctionArgs) {
  return json(await forumCalendar());
}

const KIND_LABELS: Record<CalendarEntry["kind"], string> = {
  board: "Board meeting",
  joint: "Joint Board and Forum meeting",
  "open-meeting": "Open meeting",
  election: "Election",
};

function Entries({ entries, label }: { entries: { at: string; kind: CalendarEntry["kind"]; title: string; link: string }[]; label: string }) {
  if (entries.length === 0) return <p>Nothing {label === "Coming up" ? "planned yet" : "so far this year"}.</p>;
  return (
    <ul className="nhsuk-list app-timeline" aria-label={label}>
      {entries.map((e) => (
        <li key={`${e.kind}-${e.at}-${e.title}`} className="app-section">
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
            {formatDate(e.at)}, {formatTime(e.at)} · <strong className="nhsuk-tag nhsuk-tag--grey app-badge">{KIND_LABELS[e.kind]}</strong>
          </p>
          <Link to={e.link}>{e.title}</Link>
        </li>
      ))}
    </ul>
  );
}

export default function ForumCalendar() {
  const { upcoming, earlier, joint } = useLoaderData<typeof loader>();
  const total = joint.held + joint.scheduled;
  return (
    <>
      <h1>Forum calendar</h1>
      <div className={`nhsuk-inset-text`} data-testid="joint-count">
        <p>
          {joint.year}: {joint.held} joint Board and Forum {joint.held === 1 ? "meeting" : "meetings"} held and {joint.scheduled} scheduled, against the minimum
          of {joint.minimum} a year.
          {total < joint.minimum ? ` ${joint.minimum - total} more ${joint.minimum - total === 1 ? "needs" : "need"} to be arranged.` : ""}
        </p>
      </div>
      <h2>Coming up</h2>
      <Entries entries={upcoming} label="Coming up" />
      <h2>Earlier this year</h2>
      <Entries entries={earlier} label="Earlier this year" />
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Forum calendar - Touchstone" }];

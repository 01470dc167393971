import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { canOrganise } from "#app/features/meetings/meetings.policy";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { listMeetings } from "#app/features/meetings/meetings.server";
import { formatDate, formatTime } from "#app/utils/dates";

export async function loader({ context }: LoaderFunctionArgs) {
  return json({ ...(await listMeetings()), organiser: canOrganise(context.user) });
}

type Row = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];
const List = ({ meetings }: { meetings: Row[] }) => (
  <ul className="nhsuk-list nhsuk-list--border">
    {meetings.map((m) => (
      <li key={m.id}>
        <Link to={`/meetings/${m.slug}`}>{m.title}</Link>
        <p className="nhsuk-body-s nhsuk-u-margin-bottom-0">
          {formatDate(m.startsAt)}, {formatTime(m.startsAt)} to {formatTime(m.endsAt)}
          {m.venueName ? `, ${m.venueName}` : ""}
        </p>
      </li>
    ))}
  </ul>
);

export default function Meetings() {
  const { upcoming, past, organiser } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Meetings</h1>
      {organiser ? (
        <p>
          <Link className="nhsuk-button" to="/meetings/new">
            Arrange a meeting
          </Link>
        </p>
      ) : null}
      <h2>Coming up</h2>
      {upcoming.length ? <List meetings={upcoming} /> : <p>No meetings are planned.</p>}
      <h2>Past meetings</h2>
      {past.length ? <List meetings={past} /> : <p>None yet.</p>}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Meetings - Touchstone" }];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { BodyList } from "#app/components/body-list";
import { listOpenProposals } from "#app/features/consultations/consultations.server";
import { listPartnershipBodies } from "#app/features/governance/bodies.server";
import { listUpcomingMeetings } from "#app/features/meetings/meetings.server";
import { formatDate, formatDateTime, formatTime } from "#app/utils/dates";

export async function loader(_: LoaderFunctionArgs) {
  const [proposals, meetings, bodies] = await Promise.all([listOpenProposals(), listUpcomingMeetings(), listPartnershipBodies()]);
  return json({ proposals, meetings, bodies });
}

export default function Home() {
  const { proposals, meetings, bodies } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Have your say on mental health services</h1>
      <p className="nhsuk-lede-text">
        Touchstone is where the council, NHS commissioners and the Mental Health Forum share proposals, hear what people think, and show what they did with it.
      </p>

      <h2>Open for comment</h2>
      {proposals.length === 0 ? (
        <p>No proposals are open for comment at the moment.</p>
      ) : (
        <ul className="nhsuk-grid-row nhsuk-card-group">
          {proposals.map((proposal) => (
            <li className="nhsuk-grid-column-full nhsuk-card-group__item" key={proposal.id}>
              <div className="nhsuk-card nhsuk-card--clickable">
                <div className="nhsuk-card__content">
                  <h3 className="nhsuk-card__heading">
                    <Link className="nhsuk-card__link" to={`/proposals/${proposal.slug}`}>
                      {proposal.title}
                    </Link>
                  </h3>
                  <p className="nhsuk-card__description">{proposal.summary}</p>
                  {proposal.discussionClosesAt ? (
                    <p className="nhsuk-body-s">
                      <strong>Discussion period:</strong> {proposal.discussionOpensAt ? `${formatDate(proposal.discussionOpensAt)} to ` : ""}
                      {formatDateTime(proposal.discussionClosesAt)}
                    </p>
                  ) : null}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}

      <h2>Coming up</h2>
      {meetings.length === 0 ? (
        <p>No meetings are planned.</p>
      ) : (
        <ul className="nhsuk-list nhsuk-list--border">
          {meetings.map((meeting) => (
            <li key={meeting.id}>
              <strong>{meeting.title}</strong>
              <br />
              {formatDate(meeting.startsAt)}, {formatTime(meeting.startsAt)} to {formatTime(meeting.endsAt)}
              {meeting.venueName ? `, ${meeting.venueName}` : ""}
            </li>
          ))}
        </ul>
      )}

      <h2>The partnership</h2>
      <BodyList bodies={bodies} />
      <p>
        <Link to="/auth/sign-up">Create an account</Link> to comment on proposals and register for meetings.
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Touchstone: have your say on mental health services" }];

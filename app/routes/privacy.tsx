import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { acceptedNoticeVersion, buildPrivacyNotice } from "#app/features/privacy/privacy-notice.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";

// Written from the retention schedule and the permissions (app/features/privacy/retention.ts),
// so that the notice says what the software does.
export async function loader({ context }: LoaderFunctionArgs) {
  const notice = await buildPrivacyNotice();
  return json({ ...notice, accepted: context.user ? await acceptedNoticeVersion(context.user.id) : null, signedIn: !!context.user });
}

export default function PrivacyNotice() {
  const { version, kinds, schedule, accepted, signedIn } = useLoaderData<typeof loader>();
  return (
    <>
      <h1>Privacy notice</h1>
      <p className="nhsuk-lede-text">
        Touchstone is run jointly by the city council, the NHS commissioners and the Mental Health Forum. Because it is about mental health, some of what you
        tell us is special category personal data. We collect as little as we can and keep it only as long as we need it.
      </p>
      <p data-testid="notice-version">
        This is version {version} of the notice.
        {signedIn
          ? accepted
            ? accepted === version
              ? " It is the version you accepted when you signed up."
              : ` You accepted version ${accepted} when you signed up; what we keep has changed since.`
            : " We have no record of the version you accepted."
          : null}
      </p>
      <h2>What we hold, who can see it and for how long</h2>
      <ResponsiveTable captionClassName="nhsuk-u-visually-hidden" caption="Kinds of data" head={["What", "Who can see it", "How long we keep it"]}>
        {kinds.map((kind) => (
          <Row key={kind.data}>
            <Cell heading="What">{kind.data}</Cell>
            <Cell heading="Who can see it">{kind.seenBy.join(", ")}</Cell>
            <Cell heading="How long we keep it">{kind.kept}</Cell>
          </Row>
        ))}
      </ResponsiveTable>
      <p>
        Votes in Forum elections are secret: a ballot is sealed with the election's key when it is cast, so no one holding the database can read it, and at the
        count the ballots are opened in a shuffled order that says nothing about who voted when. Your password is stored only as a one-way hash.
      </p>
      <h2>The retention schedule</h2>
      <p>Touchstone applies this schedule itself, several times an hour.</p>
      <ul data-testid="retention-schedule">
        {schedule.map((rule) => (
          <li key={rule.rule}>
            <strong>{rule.data}:</strong> {rule.kept}
          </li>
        ))}
      </ul>
      <h2>If you are in crisis</h2>
      <p>
        Comments that suggest someone may be at risk are shown to a moderator, and the author is offered sources of help. Touchstone is not watched around the
        clock. If you need help now, call NHS 111 and choose option 2, or call Samaritans free on 116 123.
      </p>
      <h2>Your rights</h2>
      <p>
        You can <Link to="/account/data">download a copy of your data</Link> and <Link to="/account/delete">delete your account</Link> yourself from Your
        account. You can also ask us to correct or delete your data, or for a copy (a subject access request), and complain to the Information
        Commissioner&apos;s Office. Contact the commissioning team or the Forum support worker to make a request.
      </p>
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Privacy notice - Touchstone" }];

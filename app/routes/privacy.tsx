import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Privacy notice - Touchstone" }];

export default function PrivacyNotice() {
  return (
    <>
      <h1>Privacy notice</h1>
      <p className="nhsuk-lede-text">
        Touchstone is run jointly by the city council, the NHS commissioners and the Mental Health Forum. Because it is
        about mental health, some of what you tell us is special category personal data. We collect as little as we
        can and keep it only as long as we need it.
      </p>
      <h2>What we collect</h2>
      <ul>
        <li>your email address and a password (stored only as a one-way hash), to give you an account</li>
        <li>the display name you choose, which is what other people see: it does not have to be your legal name</li>
        <li>how you take part (for example service user or carer) and, if you wish, your organisation</li>
        <li>your comments, and the meetings you register for</li>
        <li>access needs you tell us about for a meeting, so that we can arrange them</li>
      </ul>
      <h2>Who can see it</h2>
      <ul>
        <li>Everyone can see your display name, how you take part and your published comments.</li>
        <li>Only the organisers of a meeting can see the access needs you give for it.</li>
        <li>Your email address is seen only by administrators and used only to send you messages about Touchstone.</li>
        <li>Votes in Forum elections are secret: who voted and how they voted are stored apart, with no link.</li>
      </ul>
      <h2>How long we keep it</h2>
      <ul>
        <li>Access needs are erased 30 days after the meeting; only anonymous totals are kept.</li>
        <li>Your account stays until you ask us to delete it.</li>
        <li>Sign-in sessions expire after 30 days without use.</li>
      </ul>
      <h2>If you are in crisis</h2>
      <p>
        Comments that suggest someone may be at risk are shown to a moderator, and the author is offered sources of
        help. Touchstone is not watched around the clock. If you need help now, call NHS 111 and choose option 2, or
        call Samaritans free on 116 123.
      </p>
      <h2>Your rights</h2>
      <p>
        You can ask for a copy of your data, ask us to correct it or to delete it, and complain to the Information
        Commissioner&apos;s Office. Contact the commissioning team or the Forum support worker to make a request.
      </p>
    </>
  );
}

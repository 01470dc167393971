import type { MetaFunction } from "@remix-run/node";

export const meta: MetaFunction = () => [{ title: "Accessibility statement - Touchstone" }];

export default function AccessibilityStatement() {
  return (
    <>
      <h1>Accessibility statement for Touchstone</h1>
      <p className="nhsuk-lede-text">
        Many of the people who use Touchstone live with disabilities or long-term conditions. We want everyone to be able to read proposals, comment, register
        for meetings and vote.
      </p>
      <h2>Using Touchstone</h2>
      <p>You should be able to:</p>
      <ul>
        <li>use every page and form with a keyboard alone</li>
        <li>use Touchstone with a screen reader (we test with the structure screen readers rely on)</li>
        <li>zoom in up to 400% without text spilling off the screen</li>
        <li>change colours, contrast levels and fonts in your browser</li>
        <li>take part without JavaScript where a form is involved</li>
        <li>post under a display name of your choosing</li>
      </ul>
      <p>
        Touchstone is built with the NHS.UK design system, whose components are tested with disabled people. Every page we change is checked with automated
        tests against WCAG 2.2 level AA.
      </p>
      <h2>Compliance status</h2>
      <p>
        We aim to meet the Web Content Accessibility Guidelines (WCAG) version 2.2 AA standard. Automated checks cannot find every problem, so we are also
        arranging testing with users of assistive technology.
      </p>
      <h2>Known problems</h2>
      <p>We know of none at the moment. If you find one, please tell us.</p>
      <h2>Reporting problems and asking for other formats</h2>
      <p>
        If you find a problem, or need a proposal in large print, easy read, audio or another language, tell the Mental Health Forum support worker or the
        commissioning team. We will reply within 5 working days.
      </p>
      <h2>Enforcement procedure</h2>
      <p>
        The Equality and Human Rights Commission (EHRC) is responsible for enforcing the Public Sector Bodies (Websites and Mobile Applications) (No. 2)
        Accessibility Regulations 2018. If you are not happy with how we respond to your complaint, contact the Equality Advisory and Support Service (EASS).
      </p>
      <p className="nhsuk-body-s">This statement was prepared on 22 November 2026 and last reviewed on 1 December 2026.</p>
    </>
  );
}

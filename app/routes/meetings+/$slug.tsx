import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, TextInput } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { getMeeting } from "#app/features/meetings/meetings.server";
import { canOrganise, canSeeOnlineLink, registrationOpen } from "#app/features/meetings/meetings.policy";
import { ACCESS_NEEDS, RegisterSchema } from "#app/features/meetings/meetings.schema";
import { register, registrationFor } from "#app/features/meetings/registrations.server";
import { formatDate, formatDateTime, formatTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { refuseWhenRateLimited } from "#app/features/accounts/rate-limit";
import { useFormReply } from "#app/utils/form-reply";
import { ConfirmEmailNotice, useNeedsEmailConfirmation } from "#app/features/accounts/ui/confirm-email-notice";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";
import { getRetentionPeriods } from "#app/features/privacy/retention.server";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const found = await getMeeting(params.slug ?? "", context.user);
  if (!found) throw new Response("Not found", { status: 404 });
  const mine = await registrationFor(context.user, found.id);
  // Loader data is public to whoever opens the page: the online link goes only to people with a
  // confirmed place and to organisers, never to everyone (docs/security.md, "What each page and socket sends to whom").
  const { onlineUrl, ...meeting } = found;
  return json({
    meeting: { ...meeting, online: !!onlineUrl },
    onlineUrl: canSeeOnlineLink(context.user, mine) ? onlineUrl : null,
    open: registrationOpen(meeting),
    past: meeting.endsAt < new Date(),
    mine,
    signedIn: context.user ? { name: context.user.displayName, email: context.user.email } : null,
    organiser: canOrganise(context.user),
    accessNeedsDays: (await getRetentionPeriods()).accessNeeds,
  });
}

// Guests tell us who they are; signed-in people are registered as themselves (register decides).
// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ params, context }) => ({ actor: context.user, slug: params.slug ?? "" }),
  (intent) => ({
    register: intent({
      schema: RegisterSchema,
      run: (input, { actor, slug }) => register(actor, slug, input),
      success: (registered, input, { actor, slug }) =>
        redirect(
          `/meetings/${slug}/registered?status=${registered.status.toLowerCase()}&email=${encodeURIComponent(actor?.email ?? input.email ?? "")}${actor ? "" : "&confirm=1"}`,
        ),
    }),
  }),
  // Guests only: a signed-in person's address is proven, and the command already limits each.
  {
    refuse: (args) =>
      args.context.user
        ? null
        : refuseWhenRateLimited(args, (wait) => `Too many people have registered from this connection. Try again in ${wait}, or sign in to register.`),
  },
);

export default function MeetingPage() {
  const { meeting, onlineUrl, open, past, mine, signedIn, organiser, accessNeedsDays } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("register");
  const needsEmailConfirmation = useNeedsEmailConfirmation();
  const accessFacts = [
    meeting.stepFreeAccess && "step-free access",
    meeting.hearingLoop && "a hearing loop",
    meeting.accessibleToilets && "accessible toilets",
  ].filter(Boolean);
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={reply?.errors} fieldOrder={["name", "email", "accessNeeds", "accessOther"]} />
        <h1>{meeting.title}</h1>
        <p className="nhsuk-lede-text">{meeting.description}</p>
        <SummaryList>
          <SummaryRow label="When">
            {formatDate(meeting.startsAt)}, {formatTime(meeting.startsAt)} to {formatTime(meeting.endsAt)}
          </SummaryRow>
          {meeting.venueName ? <SummaryRow label="Where">{meeting.venueAddress ?? meeting.venueName}</SummaryRow> : null}
          {meeting.venueName ? (
            <SummaryRow label="Getting in">
              {accessFacts.length ? `The venue has ${accessFacts.join(", ")}.` : "Ask us about access."} {meeting.parking ? `Parking: ${meeting.parking}.` : ""}
            </SummaryRow>
          ) : null}
          {meeting.online ? (
            <SummaryRow label="Online">
              {onlineUrl ? (
                <>
                  Join online: <a href={onlineUrl}>{onlineUrl}</a>
                </>
              ) : (
                "You can also join online; the link is in your confirmation email."
              )}
            </SummaryRow>
          ) : null}
          {meeting.proposal ? (
            <SummaryRow label="About">
              <Link to={`/proposals/${meeting.proposal.slug}`}>{meeting.proposal.title}</Link>
            </SummaryRow>
          ) : null}
          <SummaryRow label="Registration">
            {formatDateTime(meeting.registrationOpensAt)} to {formatDateTime(meeting.registrationClosesAt)}
          </SummaryRow>
        </SummaryList>
        <p>
          <Link to={`/meetings/${meeting.slug}/questions`}>Questions for the meeting</Link>
          {organiser ? (
            <>
              {" "}
              · <Link to={`/meetings/${meeting.slug}/organise`}>Organise this meeting</Link>
            </>
          ) : null}
        </p>

        {mine ? (
          <div className="nhsuk-inset-text" role="status">
            <p>
              {mine.status === "CONFIRMED"
                ? `You have a place. Your registration code is ${mine.code}.`
                : `You are number ${mine.position} on the waiting list.`}{" "}
              <Link to="/account/registrations">Your registrations</Link>
            </p>
          </div>
        ) : past ? (
          <p>This meeting has taken place.</p>
        ) : !open ? (
          <p>Registration is not open.</p>
        ) : needsEmailConfirmation ? (
          <ConfirmEmailNotice doing="register for this meeting" />
        ) : (
          <Form method="post" noValidate>
            <IdempotencyKeyField />
            <h2>Register</h2>
            <p>If the meeting is full you will join the waiting list and we will email you if a place comes free.</p>
            {signedIn ? (
              <p>
                You are registering as <strong>{signedIn.name}</strong> ({signedIn.email}).
              </p>
            ) : (
              <>
                <TextInput name="name" label="Your name" autoComplete="name" defaultValue={reply?.values?.name} error={reply?.errors?.name} />
                <TextInput
                  name="email"
                  label="Email address"
                  type="email"
                  autoComplete="email"
                  spellCheck={false}
                  defaultValue={reply?.values?.email}
                  error={reply?.errors?.email}
                />
              </>
            )}
            <div className="nhsuk-form-group">
              <fieldset className="nhsuk-fieldset" aria-describedby="accessNeeds-hint">
                <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">What do you need to take part? (optional)</legend>
                <div className="nhsuk-hint" id="accessNeeds-hint">
                  Only the meeting&apos;s organisers see this, to arrange it. We delete it {accessNeedsDays} days after the meeting and keep only the totals.
                </div>
                <div className="nhsuk-checkboxes">
                  {ACCESS_NEEDS.map((need, i) => (
                    <div className="nhsuk-checkboxes__item" key={need.key}>
                      <input
                        className="nhsuk-checkboxes__input"
                        id={i === 0 ? "accessNeeds" : `accessNeeds-${need.key}`}
                        name="accessNeeds"
                        type="checkbox"
                        value={need.key}
                      />
                      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={i === 0 ? "accessNeeds" : `accessNeeds-${need.key}`}>
                        {need.label}
                      </label>
                    </div>
                  ))}
                  <div className="nhsuk-checkboxes__item">
                    <input className="nhsuk-checkboxes__input" id="supporter" name="supporter" type="checkbox" value="on" />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="supporter">
                      I am bringing a carer or supporter (they take a place too)
                    </label>
                  </div>
                </div>
              </fieldset>
            </div>
            <Textarea
              name="accessOther"
              label="Anything else we should arrange (optional)"
              rows={3}
              defaultValue={reply?.values?.accessOther}
              error={reply?.errors?.accessOther}
            />
            <Button>Register</Button>
          </Form>
        )}
      </div>
    </div>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.meeting.title ?? "Meeting"} - Touchstone` }];

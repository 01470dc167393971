import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData, useSearchParams } from "@remix-run/react";
import { z } from "zod";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, TextInput } from "#app/components/ui/fields";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";
import { FORUM_CATEGORY_LABELS } from "#app/features/forum/membership.schema";
import { canReadReportBacks } from "#app/features/forum/report-backs.server";
import { loadForumReader } from "#app/features/forum/rooms.server";
import { appoint, endAppointment, getBodyComposition } from "#app/features/governance/bodies.server";
import { canAssignSecretaries, isAppointable } from "#app/features/governance/governance.policy";
import { assignSecretary, bodySecretaries, managesBody } from "#app/features/governance/secretaries.server";
import { AppointSchema, EndAppointmentSchema, FILL_METHOD_LABELS, SecretarySchema } from "#app/features/governance/governance.schema";
import { Textarea } from "#app/components/ui/textarea";
import { BodyMeetingSchema } from "#app/features/governance/body-meetings.schema";
import { addBodyMeeting, bodyMeetings } from "#app/features/governance/body-meetings.server";
import { sendOnce } from "#app/features/governance/send-once.server";
import { formatDate, formatTime } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";
import { isFollowing, setFollowing } from "#app/features/governance/minutes.server";
import { publishedDecisions } from "#app/features/governance/meeting-record.server";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const body = await getBodyComposition(params.slug ?? "");
  if (!body) throw new Response("Not found", { status: 404 });
  const admin = canAssignSecretaries(context.user);
  const [manager, meetings, decisions, following, secretaries, readsReportBacks] = await Promise.all([
    managesBody(context.user, { id: body.id }),
    bodyMeetings(body.id),
    publishedDecisions(context.user, body),
    isFollowing(context.user, body.id),
    bodySecretaries(body.id),
    loadForumReader(context.user?.id).then(canReadReportBacks),
  ]);
  const now = new Date();
  return json({
    body,
    manager,
    decisions,
    following,
    signedIn: !!context.user,
    readsReportBacks,
    appointable: manager ? body.seats.filter(isAppointable).map((s) => s.id) : [],
    admin,
    secretaries: secretaries.map((s) => s.user),
    upcoming: meetings.filter((m) => m.endsAt > now),
    past: meetings.filter((m) => m.endsAt <= now).reverse(),
  });
}

const FollowSchema = z.object({ intent: z.enum(["follow", "unfollow"]) });
const SecretaryChangeSchema = SecretarySchema.extend({ intent: z.enum(["assign-secretary", "remove-secretary"]) });

/** A seat's appointment form, and the form ending one of its appointments, answer beside the seat. */
const seatForm = (seatId: string) => `seat-${seatId}`;
const appointmentForm = (appointmentId: string) => `appointment-${appointmentId}`;

export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => ({ actor: requireUser(context, request), slug: params.slug ?? "" }),
  (intent) => {
    const follow = intent({
      schema: FollowSchema,
      run: (input, { actor, slug }) => setFollowing(actor, slug, input.intent === "follow"),
      success: (_made, input, { slug }) => redirect(`/bodies/${slug}?done=${input.intent}`),
    });
    const secretaries = intent({
      schema: SecretaryChangeSchema,
      form: "secretaries",
      run: (input, { actor, slug }) => assignSecretary(actor, slug, input.email, input.intent === "assign-secretary"),
      success: (_made, _input, { slug }) => redirect(`/bodies/${slug}?done=secretaries#secretaries`),
    });
    return {
      follow,
      unfollow: follow,
      "assign-secretary": secretaries,
      "remove-secretary": secretaries,
      "add-meeting": intent({
        schema: BodyMeetingSchema,
        form: "meeting",
        run: (input, { actor, slug }) => sendOnce(actor, input.idempotencyKey, `body-meeting:${slug}`, () => addBodyMeeting(actor, slug, input)),
        success: (_made, _input, { slug }) => redirect(`/bodies/${slug}?done=meeting#meetings`),
      }),
      appoint: intent({
        schema: AppointSchema,
        form: (fields) => seatForm(String(fields.seatId ?? "")),
        run: (input, { actor, slug }) => appoint(actor, slug, input),
        success: (_made, input, { slug }) => redirect(`/bodies/${slug}?done=appointed#seat-${input.seatId}`),
      }),
      end: intent({
        schema: EndAppointmentSchema,
        form: (fields) => appointmentForm(String(fields.appointmentId ?? "")),
        run: (input, { actor, slug }) => endAppointment(actor, slug, input),
        success: (_made, input, { slug }) => redirect(`/bodies/${slug}?done=ended#seat-${input.appointmentId}`),
      }),
    };
  },
);

export default function BodyPage() {
  const { body, manager, appointable, upcoming, past, decisions, following, signedIn, readsReportBacks, admin, secretaries } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  const errorsOf = (form: string) => (reply?.form === form ? reply.errors : null);
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const totalPlaces = body.seats.reduce((n, s) => n + s.places, 0);
  const votingPlaces = body.seats.filter((s) => s.voting).reduce((n, s) => n + s.places, 0);
  const vacancies = body.seats.reduce((n, s) => n + s.vacancies, 0);
  return (
    <>
      <h1>{body.name}</h1>
      <p className="nhsuk-lede-text">{body.description}</p>
      {signedIn ? (
        <Form method="post">
          <input type="hidden" name="intent" value={following ? "unfollow" : "follow"} />
          <Button secondary>{following ? "Stop following" : "Follow: hear when papers and minutes are published"}</Button>
        </Form>
      ) : null}
      {done ? (
        <div className="nhsuk-inset-text" role="status">
          <p>
            {{
              ended: "The appointment has ended; the place is vacant.",
              meeting: "Meeting added.",
              secretaries: "The secretaries have changed.",
              follow: "You are following this body: you will hear when papers or minutes are published.",
              unfollow: "You no longer follow this body.",
            }[done] ?? "Appointment recorded."}
          </p>
        </div>
      ) : null}
      {body.seats.length ? (
        <>
          <p>
            {totalPlaces} places, {votingPlaces} with a vote. {vacancies} {vacancies === 1 ? "place is" : "places are"} vacant.
          </p>
          <ResponsiveTable className="app-composition" caption="Membership" head={["Places", "Seat", "Vote", "Held by"]}>
            {body.seats.map((seat) => {
              const errors = errorsOf(seatForm(seat.id)) ?? seat.appointments.map((a) => errorsOf(appointmentForm(a.id))).find(Boolean) ?? null;
              return (
                <Row key={seat.id} id={`seat-${seat.id}`}>
                  <Cell heading="Places">{seat.places}</Cell>
                  <Cell heading="Seat" rowHeader>
                    {seat.name}
                    {seat.organisation ? (
                      <span className="nhsuk-body-s">
                        <br />
                        {seat.organisation}
                      </span>
                    ) : null}
                    <span className="nhsuk-body-s">
                      <br />
                      {FILL_METHOD_LABELS[seat.fillMethod]}
                      {seat.eligibleCategories.length ? `: ${seat.eligibleCategories.map((c) => FORUM_CATEGORY_LABELS[c].toLowerCase()).join(", ")}` : ""}
                      {seat.residencyRequired ? ", living in the city" : ""}
                      {seat.termMonths ? `, ${seat.termMonths}-month term` : ""}
                      {seat.reportBacks.length ? (
                        <>
                          <br />
                          {readsReportBacks ? <Link to="/forum/report-backs">Report-backs</Link> : "Report-backs"}:{" "}
                          {seat.reportBacks.map((r) => `${formatDate(r.meeting.startsAt)} (${r.author.displayName})`).join(", ")}
                        </>
                      ) : null}
                    </span>
                  </Cell>
                  <Cell heading="Vote">{seat.voting ? "Voting" : "Non-voting"}</Cell>
                  <Cell heading="Held by">
                    <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                      {seat.appointments.map((a) => (
                        <li key={a.id}>
                          {a.holderName}
                          {a.endsOn ? <span className="nhsuk-body-s"> (term ends {formatDate(a.endsOn)})</span> : null}
                          {manager ? (
                            <Form method="post" className="app-inline-form">
                              <input type="hidden" name="intent" value="end" />
                              <input type="hidden" name="appointmentId" value={a.id} />
                              <label className="nhsuk-u-visually-hidden" htmlFor={`reason-${a.id}`}>
                                Why is {a.holderName}&apos;s place ending?
                              </label>
                              <select className="nhsuk-select" id={`reason-${a.id}`} name="endReason" defaultValue="Resigned">
                                <option>Resigned</option>
                                <option>Term ended</option>
                                <option>Left the post</option>
                              </select>{" "}
                              <button type="submit" className="app-link-button">
                                End<span className="nhsuk-u-visually-hidden"> {a.holderName}&apos;s appointment</span>
                              </button>
                            </Form>
                          ) : null}
                        </li>
                      ))}
                      {Array.from({ length: seat.vacancies }, (_, i) => (
                        <li key={`vacant-${i}`}>
                          <strong className="nhsuk-tag nhsuk-tag--white">Vacant</strong>
                        </li>
                      ))}
                    </ul>
                    {manager && appointable.includes(seat.id) && seat.vacancies > 0 ? (
                      <details className="nhsuk-details nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0" open={!!errors}>
                        <summary className="nhsuk-details__summary">
                          <span className="nhsuk-details__summary-text">
                            Fill a place<span className="nhsuk-u-visually-hidden"> on {seat.name}</span>
                          </span>
                        </summary>
                        <div className="nhsuk-details__text">
                          <Form method="post">
                            <ErrorSummary
                              errors={
                                errors
                                  ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" || k === "seatId" ? "form" : `${k}-${seat.id}`, v]))
                                  : null
                              }
                            />
                            <input type="hidden" name="intent" value="appoint" />
                            <input type="hidden" name="seatId" value={seat.id} />
                            <TextInput name="holderName" id={`holderName-${seat.id}`} label="Who holds it" error={errors?.holderName} />
                            <TextInput name="startsOn" id={`startsOn-${seat.id}`} label="From (YYYY-MM-DD)" width={10} error={errors?.startsOn} />
                            <TextInput name="endsOn" id={`endsOn-${seat.id}`} label="Until (YYYY-MM-DD, optional)" width={10} error={errors?.endsOn} />
                            <Button secondary>Record appointment</Button>
                          </Form>
                        </div>
                      </details>
                    ) : null}
                  </Cell>
                </Row>
              );
            })}
          </ResponsiveTable>
        </>
      ) : (
        <p>This body has no seats recorded.</p>
      )}

      <h2 id="meetings">Meetings</h2>
      <p>
        <a href={`/bodies/${body.slug}/meetings.ics`}>Add these meetings to your calendar</a> (a feed that stays up to date)
      </p>
      <h3>Coming up</h3>
      {upcoming.length === 0 ? <p>No meetings are planned.</p> : <MeetingList slug={body.slug} meetings={upcoming} />}
      <h3>Past meetings</h3>
      {past.length === 0 ? <p>None yet.</p> : <MeetingList slug={body.slug} meetings={past} />}
      <p>
        <Link to={`/bodies/${body.slug}/actions`}>The action log</Link>
      </p>
      <h2 id="secretaries">Secretaries</h2>
      <p>{secretaries.length ? `Kept by ${secretaries.map((s) => s.displayName).join(", ")}.` : "No secretary is assigned."}</p>
      {admin ? (
        <Form method="post" className="app-filter">
          <ErrorSummary errors={errorsOf("secretaries")} />
          <TextInput name="email" label="Email address of a board secretary" error={errorsOf("secretaries")?.email} />
          <div className="app-filter__item app-button-row">
            <Button secondary name="intent" value="assign-secretary">
              Assign to this body
            </Button>
            <Button secondary name="intent" value="remove-secretary">
              Remove from this body
            </Button>
          </div>
        </Form>
      ) : null}
      <h2 id="decisions">Decisions</h2>
      {decisions.length === 0 ? (
        <p>No decisions published yet.</p>
      ) : (
        <ul className="nhsuk-list">
          {decisions.map((d) => (
            <li key={d.id}>
              <strong>{d.ref}</strong> ({formatDate(d.meeting.startsAt)}): <Link to={`/bodies/${body.slug}/meetings/${d.meeting.id}`}>{d.text}</Link>
            </li>
          ))}
        </ul>
      )}
      {manager ? (
        <details className="nhsuk-details" open={reply?.form === "meeting"}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Add a meeting</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post" noValidate>
              <ErrorSummary errors={errorsOf("meeting")} fieldOrder={["title", "date", "startTime", "endTime"]} />
              <input type="hidden" name="intent" value="add-meeting" />
              <IdempotencyKeyField />
              <TextInput name="title" label="Title" defaultValue="Partnership Board meeting" error={errorsOf("meeting")?.title} />
              <div className="app-filter">
                <TextInput name="date" label="Date (YYYY-MM-DD)" width={10} error={errorsOf("meeting")?.date} />
                <TextInput name="startTime" label="Starts (HH:MM)" width={10} defaultValue="14:00" error={errorsOf("meeting")?.startTime} />
                <TextInput name="endTime" label="Ends (HH:MM)" width={10} defaultValue="16:00" error={errorsOf("meeting")?.endTime} />
              </div>
              <TextInput name="venue" label="Venue (optional)" />
              <div className="nhsuk-form-group">
                <div className="nhsuk-checkboxes">
                  <div className="nhsuk-checkboxes__item">
                    <input className="nhsuk-checkboxes__input" id="jointWithForum" name="jointWithForum" type="checkbox" value="on" />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="jointWithForum">
                      A joint meeting with the Mental Health Forum
                    </label>
                  </div>
                </div>
              </div>
              <Textarea name="agenda" label="Agenda (one item a line)" rows={5} />
              <Button secondary>Add meeting</Button>
            </Form>
          </div>
        </details>
      ) : null}
    </>
  );
}

type MeetingRow = ReturnType<typeof useLoaderData<typeof loader>>["upcoming"][number];
function MeetingList({ slug, meetings }: { slug: string; meetings: MeetingRow[] }) {
  return (
    <ul className="nhsuk-list nhsuk-list--border">
      {meetings.map((m) => (
        <li key={m.id} id={`meeting-${m.id}`}>
          <strong>
            <Link to={`/bodies/${slug}/meetings/${m.id}`}>{m.title}</Link>
          </strong>
          {m.jointWithForum ? <strong className="nhsuk-tag nhsuk-tag--blue app-badge">Joint with the Forum</strong> : null}
          <p className="nhsuk-body-s nhsuk-u-margin-bottom-1">
            {formatDate(m.startsAt)}, {formatTime(m.startsAt)} to {formatTime(m.endsAt)}
            {m.venue ? `, ${m.venue}` : ""}.
            {m.minutesApprovedAt ? " Minutes approved." : m.minutesPublishedAt ? " Draft minutes published." : m.papersPublishedAt ? " Papers published." : ""}
          </p>
          {m.agendaItems.length ? (
            <ol className="nhsuk-body-s">
              {m.agendaItems.map((a) => (
                <li key={a.id}>{a.title}</li>
              ))}
            </ol>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.body.name ?? "Body"} - Touchstone` }];

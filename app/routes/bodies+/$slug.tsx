import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { ErrorSummary } from "~/components/ui/error-summary";
import { Button, TextInput } from "~/components/ui/fields";
import { FORUM_CATEGORY_LABELS } from "~/features/forum/membership.schema";
import { appoint, endAppointment, getBodyComposition } from "~/features/governance/bodies.server";
import { canAppointTo, canManageBodies } from "~/features/governance/governance.policy";
import { AppointSchema, EndAppointmentSchema, FILL_METHOD_LABELS } from "~/features/governance/governance.schema";
import { formatDate } from "~/utils/dates";
import { parseForm, type FieldErrors } from "~/utils/forms";
import { requirePermission } from "~/utils/permissions.server";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const body = await getBodyComposition(params.slug ?? "");
  if (!body) throw new Response("Not found", { status: 404 });
  const manager = canManageBodies(context.user);
  return json({ body, manager, appointable: body.seats.filter((s) => canAppointTo(context.user, s)).map((s) => s.id) });
}

export async function action({ request, params, context }: ActionFunctionArgs) {
  const actor = requirePermission(context, request, "manage:body:any");
  const slug = params.slug ?? "";
  const formData = await request.formData();
  const intent = formData.get("intent");
  const form = intent === "end" ? parseForm(formData, EndAppointmentSchema) : parseForm(formData, AppointSchema);
  const seatId = String(formData.get("seatId") ?? formData.get("appointmentId") ?? "");
  if (!form.success) return json({ seatId, errors: form.errors as FieldErrors }, { status: 400 });
  const result = form.data.intent === "end" ? await endAppointment(actor, slug, form.data) : await appoint(actor, slug, form.data);
  if (!result.ok) return json({ seatId, errors: result.errors as FieldErrors }, { status: result.status });
  return redirect(`/bodies/${slug}?done=${form.data.intent === "end" ? "ended" : "appointed"}#seat-${seatId}`);
}

export default function BodyPage() {
  const { body, manager, appointable } = useLoaderData<typeof loader>();
  const reply = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const done = searchParams.get("done");
  const totalPlaces = body.seats.reduce((n, s) => n + s.places, 0);
  const votingPlaces = body.seats.filter((s) => s.voting).reduce((n, s) => n + s.places, 0);
  const vacancies = body.seats.reduce((n, s) => n + s.vacancies, 0);
  return (
    <>
      <h1>{body.name}</h1>
      <p className="nhsuk-lede-text">{body.description}</p>
      {done ? <div className="nhsuk-inset-text" role="status"><p>{done === "ended" ? "The appointment has ended; the place is vacant." : "Appointment recorded."}</p></div> : null}
      {body.seats.length ? (
        <>
          <p>
            {totalPlaces} places, {votingPlaces} with a vote. {vacancies} {vacancies === 1 ? "place is" : "places are"} vacant.
          </p>
          <table className="nhsuk-table app-composition">
            <caption className="nhsuk-table__caption">Membership</caption>
            <thead className="nhsuk-table__head">
              <tr className="nhsuk-table__row">
                <th className="nhsuk-table__header" scope="col">Places</th>
                <th className="nhsuk-table__header" scope="col">Seat</th>
                <th className="nhsuk-table__header" scope="col">Vote</th>
                <th className="nhsuk-table__header" scope="col">Held by</th>
              </tr>
            </thead>
            <tbody className="nhsuk-table__body">
              {body.seats.map((seat) => {
                const errors = reply?.seatId === seat.id || seat.appointments.some((a) => a.id === reply?.seatId) ? reply?.errors : null;
                return (
                  <tr className="nhsuk-table__row" key={seat.id} id={`seat-${seat.id}`}>
                    <td className="nhsuk-table__cell">{seat.places}</td>
                    <th className="nhsuk-table__cell" scope="row">
                      {seat.name}
                      {seat.organisation ? <span className="nhsuk-body-s"><br />{seat.organisation}</span> : null}
                      <span className="nhsuk-body-s">
                        <br />
                        {FILL_METHOD_LABELS[seat.fillMethod]}
                        {seat.eligibleCategories.length ? `: ${seat.eligibleCategories.map((c) => FORUM_CATEGORY_LABELS[c].toLowerCase()).join(", ")}` : ""}
                        {seat.residencyRequired ? ", living in the city" : ""}
                        {seat.termMonths ? `, ${seat.termMonths}-month term` : ""}
                      </span>
                    </th>
                    <td className="nhsuk-table__cell">{seat.voting ? "Voting" : "Non-voting"}</td>
                    <td className="nhsuk-table__cell">
                      <ul className="nhsuk-list nhsuk-u-margin-bottom-0">
                        {seat.appointments.map((a) => (
                          <li key={a.id}>
                            {a.holderName}
                            {a.endsOn ? <span className="nhsuk-body-s"> (term ends {formatDate(a.endsOn)})</span> : null}
                            {manager ? (
                              <Form method="post" className="app-inline-form">
                                <input type="hidden" name="intent" value="end" />
                                <input type="hidden" name="appointmentId" value={a.id} />
                                <label className="nhsuk-u-visually-hidden" htmlFor={`reason-${a.id}`}>Why is {a.holderName}&apos;s place ending?</label>
                                <select className="nhsuk-select" id={`reason-${a.id}`} name="endReason" defaultValue="Resigned">
                                  <option>Resigned</option>
                                  <option>Term ended</option>
                                  <option>Left the post</option>
                                </select>{" "}
                                <button type="submit" className="app-link-button">End<span className="nhsuk-u-visually-hidden"> {a.holderName}&apos;s appointment</span></button>
                              </Form>
                            ) : null}
                          </li>
                        ))}
                        {Array.from({ length: seat.vacancies }, (_, i) => (
                          <li key={`vacant-${i}`}><strong className="nhsuk-tag nhsuk-tag--white">Vacant</strong></li>
                        ))}
                      </ul>
                      {manager && appointable.includes(seat.id) && seat.vacancies > 0 ? (
                        <details className="nhsuk-details nhsuk-u-margin-top-2 nhsuk-u-margin-bottom-0" open={!!errors}>
                          <summary className="nhsuk-details__summary"><span className="nhsuk-details__summary-text">Fill a place<span className="nhsuk-u-visually-hidden"> on {seat.name}</span></span></summary>
                          <div className="nhsuk-details__text">
                            <Form method="post">
                              <ErrorSummary errors={errors ? Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" || k === "seatId" ? "form" : `${k}-${seat.id}`, v])) : null} />
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
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </>
      ) : (
        <p>This body has no seats recorded.</p>
      )}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [{ title: `${data?.body.name ?? "Body"} - Touchstone` }];

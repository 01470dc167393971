import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, ErrorMessage, TextInput } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { addAction, updateAction } from "#app/features/governance/actions.server";
import {
  ActionSchema,
  ActionUpdateSchema,
  ApproveMinutesSchema,
  AttachVersionSchema,
  AttendanceSchema,
  DecisionSchema,
  ItemMinutesSchema,
  PAPER_MAX_BYTES,
  PublishSchema,
  UploadPaperSchema,
  VOTE_LABELS,
} from "#app/features/governance/meeting-business.schema";
import { loadMeetingRecord } from "#app/features/governance/meeting-record.server";
import { approveMinutes, publish, recordAttendance, recordDecision, saveItemMinutes } from "#app/features/governance/minutes.server";
import { attachProposalVersion, uploadPaper } from "#app/features/governance/papers.server";
import { sendOnce } from "#app/features/governance/send-once.server";
import { ActionList, actionUpdateForm } from "#app/features/governance/ui/action-list";
import { formatDate, formatTime, londonToday } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";
import { readFormWithUpload } from "#app/utils/uploads.server";
import { Cell, ResponsiveTable, Row } from "#app/components/ui/responsive-table";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";
import { SummaryList, SummaryRow } from "#app/components/ui/summary-list";

export async function loader({ params, context }: LoaderFunctionArgs) {
  const record = await loadMeetingRecord(context.user, params.slug ?? "", params.meetingId ?? "");
  if (!record) throw new Response("Not found", { status: 404 });
  // Where uploads are stored is the server's business only.
  const agendaItems = record.meeting.agendaItems.map((item) => ({ ...item, papers: item.papers.map(({ storageKey: _key, ...paper }) => paper) }));
  return json({ ...record, meeting: { ...record.meeting, agendaItems }, today: londonToday() });
}

/** The forms about one agenda item (its minutes, a decision, a paper) answer beside that item. */
const itemForm = (fields: Record<string, unknown>) => `item-${String(fields.itemId ?? "")}`;

export const action = /* @__PURE__ */ formAction(
  ({ request, params, context }) => {
    const meetingId = params.meetingId ?? "";
    return {
      actor: requirePermission(context, request, "manage:body:any"),
      bodySlug: params.slug ?? "",
      meetingId,
      publisher: context.publisher,
      once: (intent: string) => `meeting:${meetingId}:${intent}`,
    };
  },
  (intent) => ({
    attendance: intent({
      schema: AttendanceSchema,
      run: (input, { actor, bodySlug, meetingId }) => recordAttendance(actor, bodySlug, meetingId, input),
      success: () => ({ message: "Attendance recorded" }),
    }),
    "item-minutes": intent({
      schema: ItemMinutesSchema,
      form: itemForm,
      run: (input, { actor, bodySlug, meetingId }) => saveItemMinutes(actor, bodySlug, meetingId, input.itemId, input.minutes),
      success: () => ({ message: "Minutes saved" }),
    }),
    decision: intent({
      schema: DecisionSchema,
      form: itemForm,
      run: (input, { actor, bodySlug, meetingId, once }) =>
        sendOnce(actor, input.idempotencyKey, once("decision"), () => recordDecision(actor, bodySlug, meetingId, input)),
      success: () => ({ message: "Decision recorded" }),
    }),
    "upload-paper": intent({
      schema: UploadPaperSchema,
      form: itemForm,
      run: (input, { actor, bodySlug, once }) => sendOnce(actor, input.idempotencyKey, once("upload-paper"), () => uploadPaper(actor, bodySlug, input)),
      success: () => ({ message: "Paper added" }),
    }),
    "attach-version": intent({
      schema: AttachVersionSchema,
      form: itemForm,
      run: (input, { actor, bodySlug, once }) =>
        sendOnce(actor, input.idempotencyKey, once("attach-version"), () => attachProposalVersion(actor, bodySlug, input)),
      success: () => ({ message: "Paper added" }),
    }),
    "add-action": intent({
      schema: ActionSchema,
      run: (input, { actor, bodySlug, meetingId, publisher, once }) =>
        sendOnce(actor, input.idempotencyKey, once("add-action"), () => addAction(actor, bodySlug, meetingId, input, publisher)),
      success: () => ({ message: "Action recorded" }),
    }),
    "update-action": intent({
      schema: ActionUpdateSchema,
      form: (fields) => actionUpdateForm(String(fields.actionId ?? "")),
      run: (input, { actor }) => sendOnce(actor, input.idempotencyKey, `action:${input.actionId}:update`, () => updateAction(actor, input.actionId, input)),
      success: () => ({ message: "Update added" }),
    }),
    "publish-papers": intent({
      schema: PublishSchema,
      run: (_input, { actor, bodySlug, meetingId, publisher }) => publish(actor, bodySlug, meetingId, "papers", publisher),
      success: () => ({ message: "Papers published" }),
    }),
    "publish-minutes": intent({
      schema: PublishSchema,
      run: (_input, { actor, bodySlug, meetingId, publisher }) => publish(actor, bodySlug, meetingId, "minutes", publisher),
      success: () => ({ message: "Draft minutes published" }),
    }),
    "approve-minutes": intent({
      schema: ApproveMinutesSchema,
      run: (input, { actor, bodySlug, meetingId }) => approveMinutes(actor, bodySlug, meetingId, input.earlierMeetingId),
      success: () => ({ message: "Minutes approved as a correct record" }),
    }),
  }),
  // A paper comes as an upload, size-limited while it streams in.
  { readForm: (request) => readFormWithUpload(request, PAPER_MAX_BYTES) },
);

type Decision = { id: string; ref: string; text: string; voteTaken: boolean; votes: { vote: keyof typeof VOTE_LABELS; appointment: { holderName: string } }[] };

function Decisions({ decisions }: { decisions: Decision[] }) {
  if (!decisions.length) return null;
  return (
    <ul className="nhsuk-list">
      {decisions.map((d) => (
        <li key={d.id} data-testid="decision">
          <strong>Decision {d.ref}:</strong> {d.text}
          {d.voteTaken ? (
            <p className="nhsuk-body-s">
              Vote:{" "}
              {(["FOR", "AGAINST", "ABSTAIN"] as const)
                .map((v) => {
                  const names = d.votes.filter((x) => x.vote === v).map((x) => x.appointment.holderName);
                  return `${VOTE_LABELS[v].toLowerCase()} ${names.length}${names.length ? ` (${names.join(", ")})` : ""}`;
                })
                .join("; ")}
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

export default function MeetingRecord() {
  const { meeting, secretary, showMinutes, holders, quorum, carried, earlier, proposals, today } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>();
  const errorsFor = (form: string) => (reply?.status === "error" && reply.form === form ? (reply.errors ?? undefined) : undefined);
  const doneFor = (form: string) => (reply?.status === "success" && reply.form === form ? (reply.message ?? undefined) : undefined);
  const base = `/bodies/${meeting.body.slug}/meetings/${meeting.id}`;
  const present = new Set(meeting.attendance.filter((a) => a.kind === "PRESENT").map((a) => a.appointmentId));
  const apologies = new Set(meeting.attendance.filter((a) => a.kind === "APOLOGIES").map((a) => a.appointmentId));
  const votingPresent = holders.filter((h) => h.seat.voting && present.has(h.id));
  const owners = holders.filter((h) => h.userId);
  const minutesStatus = meeting.minutesApprovedAt
    ? "approved as a correct record"
    : meeting.minutesPublishedAt
      ? "draft, to be approved at the next meeting"
      : "not yet published";
  return (
    <>
      <div className="nhsuk-back-link">
        <Link className="nhsuk-back-link__link" to={`/bodies/${meeting.body.slug}`}>
          {meeting.body.name}
        </Link>
      </div>
      <span className="nhsuk-caption-l">{meeting.body.name}</span>
      <h1>
        {meeting.title}, {formatDate(meeting.startsAt)}
      </h1>
      <p>
        {formatTime(meeting.startsAt)} to {formatTime(meeting.endsAt)}
        {meeting.venue ? `, ${meeting.venue}` : ""}.
        {meeting.jointWithForum ? <strong className="nhsuk-tag nhsuk-tag--blue app-badge">Joint with the Forum</strong> : null}
      </p>
      <p>
        Minutes: {minutesStatus}.{" "}
        {meeting.papersPublishedAt || secretary ? (
          <a href={`${base}/agenda.pdf`} download>
            Agenda pack (PDF)
          </a>
        ) : (
          "The papers are not yet published."
        )}
        {showMinutes ? (
          <>
            {" "}
            ·{" "}
            <a href={`${base}/minutes.pdf`} download>
              Minutes (PDF)
            </a>
          </>
        ) : null}
      </p>
      {reply?.status === "success" && ["publish-papers", "publish-minutes", "approve-minutes"].includes(reply.form) ? (
        <div className="nhsuk-inset-text" role="status">
          <p>{reply.message}</p>
        </div>
      ) : null}
      <ErrorSummary errors={["publish-papers", "publish-minutes", "form"].map(errorsFor).find(Boolean)} />
      {secretary ? (
        <div className="app-button-row">
          {!meeting.papersPublishedAt ? (
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="intent" value="publish-papers" />
              <Button secondary>Publish the papers</Button>
            </Form>
          ) : null}
          {!meeting.minutesPublishedAt ? (
            <Form method="post" className="app-inline-form">
              <input type="hidden" name="intent" value="publish-minutes" />
              <Button secondary>Publish the draft minutes</Button>
            </Form>
          ) : null}
        </div>
      ) : null}

      <h2 id="attendance">Attendance</h2>
      {quorum ? (
        <div className={`nhsuk-card ${quorum.met ? "" : "nhsuk-card--care nhsuk-card--care--urgent"}`} data-testid="quorum">
          <div className="nhsuk-card__content">
            <h3 className="nhsuk-card__heading nhsuk-heading-s">{quorum.met ? "Quorate" : "Not quorate"}</h3>
            <p>
              {quorum.present} of {quorum.votingPlaces} voting places present; at least {quorum.required} needed.
            </p>
            {quorum.shortfalls.length ? (
              <ul>
                {quorum.shortfalls.map((s) => (
                  <li key={s}>{s}</li>
                ))}
              </ul>
            ) : null}
          </div>
        </div>
      ) : (
        <p>Attendance has not been recorded.</p>
      )}
      {meeting.attendance.length ? (
        <SummaryList>
          {(["PRESENT", "APOLOGIES", "IN_ATTENDANCE"] as const).map((kind) => (
            <SummaryRow key={kind} label={{ PRESENT: "Present", APOLOGIES: "Apologies", IN_ATTENDANCE: "In attendance" }[kind]}>
              {meeting.attendance
                .filter((a) => a.kind === kind)
                .map((a) => `${a.name}${a.role ? ` (${a.role})` : ""}`)
                .join("; ") || "None"}
            </SummaryRow>
          ))}
        </SummaryList>
      ) : null}
      {secretary ? (
        <details className="nhsuk-details" open={!!errorsFor("attendance")}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Record attendance</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post">
              <ErrorSummary errors={errorsFor("attendance")} />
              {doneFor("attendance") ? <p role="status">{doneFor("attendance")}</p> : null}
              <input type="hidden" name="intent" value="attendance" />
              <ResponsiveTable captionClassName="nhsuk-table__caption--s" caption="Seat holders on the day" head={["Member", "Present", "Apologies"]}>
                {holders.map((h, i) => (
                  <Row key={h.id}>
                    <Cell heading="Member">
                      {h.holderName}
                      <br />
                      <span className="nhsuk-body-s">
                        {h.seat.name}
                        {h.seat.voting ? "" : " (non-voting)"}
                      </span>
                    </Cell>
                    <Cell heading="Present">
                      <input
                        type="checkbox"
                        id={i === 0 ? "present" : `present-${h.id}`}
                        name="present"
                        value={h.id}
                        defaultChecked={present.has(h.id)}
                        aria-label={`${h.holderName} present`}
                      />
                    </Cell>
                    <Cell heading="Apologies">
                      <input
                        type="checkbox"
                        id={i === 0 ? "apologies" : `apologies-${h.id}`}
                        name="apologies"
                        value={h.id}
                        defaultChecked={apologies.has(h.id)}
                        aria-label={`Apologies from ${h.holderName}`}
                      />
                    </Cell>
                  </Row>
                ))}
              </ResponsiveTable>
              <Textarea
                name="inAttendance"
                label="Also in attendance (advisers, co-opted people, officers): one a line, “Name, role”"
                defaultValue={meeting.attendance
                  .filter((a) => a.kind === "IN_ATTENDANCE")
                  .map((a) => `${a.name}${a.role ? `, ${a.role}` : ""}`)
                  .join("\n")}
                rows={3}
              />
              <Button secondary>Save attendance</Button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2>Agenda</h2>
      <ol className="nhsuk-list app-timeline">
        {meeting.agendaItems.map((item) => {
          const errors = errorsFor(`item-${item.id}`);
          return (
            <li key={item.id} className="app-section" id={`item-${item.id}`}>
              <h3 className="nhsuk-heading-s">
                {item.position}. {item.title}
              </h3>
              {item.papers.length ? (
                <ul className="nhsuk-list nhsuk-body-s">
                  {item.papers.map((p) => (
                    <li key={p.id}>
                      Paper:{" "}
                      {p.kind === "REPORT" && p.reportId ? (
                        <Link to={`/bodies/${meeting.body.slug}/reports/${p.reportId}`}>{p.title}</Link>
                      ) : (
                        <a href={`/bodies/${meeting.body.slug}/papers/${p.id}`}>{p.title}</a>
                      )}
                      {p.kind === "DOCUMENT" && p.size ? ` (${p.fileName}, ${Math.ceil(p.size / 1024)} KB)` : ""}
                    </li>
                  ))}
                </ul>
              ) : null}
              {item.minutes ? (
                <div className="app-preview">
                  <p className="nhsuk-body-s">
                    <strong>Minutes</strong>
                  </p>
                  <p style={{ whiteSpace: "pre-wrap" }}>{item.minutes}</p>
                </div>
              ) : null}
              <Decisions decisions={item.decisions} />
              {secretary ? (
                <details className="nhsuk-details" open={!!errors || !!doneFor(`item-${item.id}`)}>
                  <summary className="nhsuk-details__summary">
                    <span className="nhsuk-details__summary-text">
                      Minute this item<span className="nhsuk-u-visually-hidden">: {item.title}</span>
                    </span>
                  </summary>
                  <div className="nhsuk-details__text">
                    {errors ? (
                      <ErrorSummary errors={Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === "form" ? k : `${k}-${item.id}`, v]))} />
                    ) : null}
                    {doneFor(`item-${item.id}`) ? <p role="status">{doneFor(`item-${item.id}`)}</p> : null}
                    <Form method="post">
                      <input type="hidden" name="intent" value="item-minutes" />
                      <input type="hidden" name="itemId" value={item.id} />
                      <Textarea
                        id={`minutes-${item.id}`}
                        name="minutes"
                        label="Minutes of this item"
                        defaultValue={item.minutes}
                        error={errors?.minutes}
                        rows={4}
                      />
                      <Button secondary>Save minutes</Button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="decision" />
                      <IdempotencyKeyField />
                      <input type="hidden" name="itemId" value={item.id} />
                      <Textarea id={`text-${item.id}`} name="text" label="Decision" error={errors?.text} rows={2} />
                      <div className={`nhsuk-form-group${errors?.voteTaken ? " nhsuk-form-group--error" : ""}`}>
                        <ErrorMessage id={`voteTaken-${item.id}`} error={errors?.voteTaken} />
                        <div className="nhsuk-checkboxes__item">
                          <input className="nhsuk-checkboxes__input" type="checkbox" id={`voteTaken-${item.id}`} name="voteTaken" value="on" />
                          <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={`voteTaken-${item.id}`}>
                            A vote was taken
                          </label>
                        </div>
                      </div>
                      {votingPresent.length ? (
                        <fieldset className="nhsuk-fieldset">
                          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Votes of voting members present</legend>
                          {votingPresent.map((h) => (
                            <div className="nhsuk-form-group app-filter__item" key={h.id}>
                              <label className="nhsuk-label" htmlFor={`vote-${item.id}-${h.id}`}>
                                {h.holderName}
                              </label>
                              <select className="nhsuk-select" id={`vote-${item.id}-${h.id}`} name={`vote-${h.id}`} defaultValue="">
                                <option value="">No vote recorded</option>
                                {Object.entries(VOTE_LABELS).map(([value, label]) => (
                                  <option key={value} value={value}>
                                    {label}
                                  </option>
                                ))}
                              </select>
                            </div>
                          ))}
                        </fieldset>
                      ) : null}
                      <Button secondary>Record decision</Button>
                    </Form>
                    <Form method="post" encType="multipart/form-data">
                      <input type="hidden" name="intent" value="upload-paper" />
                      <IdempotencyKeyField />
                      <input type="hidden" name="itemId" value={item.id} />
                      <TextInput id={`title-${item.id}`} name="title" label="Paper title" error={errors?.title} />
                      <div className={`nhsuk-form-group${errors?.file ? " nhsuk-form-group--error" : ""}`}>
                        <label className="nhsuk-label" htmlFor={`file-${item.id}`}>
                          Document (PDF or Word, up to 10 MB)
                        </label>
                        <ErrorMessage id={`file-${item.id}`} error={errors?.file} />
                        <input
                          className="nhsuk-file-upload"
                          id={`file-${item.id}`}
                          name="file"
                          type="file"
                          accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
                        />
                      </div>
                      <Button secondary>Upload paper</Button>
                    </Form>
                    {proposals.length ? (
                      <Form method="post" className="app-filter">
                        <input type="hidden" name="intent" value="attach-version" />
                        <IdempotencyKeyField />
                        <input type="hidden" name="itemId" value={item.id} />
                        <div className="nhsuk-form-group app-filter__item">
                          <label className="nhsuk-label" htmlFor={`proposal-${item.id}`}>
                            Proposal
                          </label>
                          <select className="nhsuk-select" id={`proposal-${item.id}`} name="proposalSlug">
                            {proposals.map((p) => (
                              <option key={p.slug} value={p.slug}>
                                {p.title}
                              </option>
                            ))}
                          </select>
                        </div>
                        <TextInput id={`versionNumber-${item.id}`} name="versionNumber" label="Version" width={10} error={errors?.versionNumber} />
                        <div className="app-filter__item">
                          <Button secondary>Add as a paper</Button>
                        </div>
                      </Form>
                    ) : null}
                  </div>
                </details>
              ) : null}
            </li>
          );
        })}
        <li className="app-section" id="carried-actions">
          <h3 className="nhsuk-heading-s">{meeting.agendaItems.length + 1}. Open actions from earlier meetings</h3>
          {carried.length ? <ActionList actions={carried} today={today} /> : <p className="nhsuk-body-s">None.</p>}
        </li>
      </ol>
      {meeting.decisions.length ? (
        <>
          <h2>Other decisions</h2>
          <Decisions decisions={meeting.decisions} />
        </>
      ) : null}
      {secretary && earlier.some((e) => !e.minutesApprovedAt) ? (
        <Form method="post">
          <ErrorSummary errors={errorsFor("approve-minutes")} />
          <input type="hidden" name="intent" value="approve-minutes" />
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor="earlierMeetingId">
              Approve as a correct record the minutes of
            </label>
            <select className="nhsuk-select" id="earlierMeetingId" name="earlierMeetingId">
              {earlier
                .filter((e) => !e.minutesApprovedAt)
                .map((e) => (
                  <option key={e.id} value={e.id}>
                    {e.title}, {formatDate(e.startsAt)}
                  </option>
                ))}
            </select>
          </div>
          <Button secondary>Record the approval</Button>
        </Form>
      ) : null}

      <h2 id="actions">Actions from this meeting</h2>
      {meeting.actionsRaised.length ? <ActionList actions={meeting.actionsRaised} today={today} /> : <p>None{showMinutes ? "" : " published yet"}.</p>}
      {secretary ? (
        <details className="nhsuk-details" open={!!errorsFor("add-action")}>
          <summary className="nhsuk-details__summary">
            <span className="nhsuk-details__summary-text">Record an action</span>
          </summary>
          <div className="nhsuk-details__text">
            <Form method="post">
              <ErrorSummary errors={errorsFor("add-action")} />
              {doneFor("add-action") ? <p role="status">{doneFor("add-action")}</p> : null}
              <input type="hidden" name="intent" value="add-action" />
              <IdempotencyKeyField />
              <Textarea name="description" label="Action" error={errorsFor("add-action")?.description} rows={2} />
              <div className="nhsuk-form-group">
                <label className="nhsuk-label" htmlFor="ownerId">
                  Owner (a person)
                </label>
                <select className="nhsuk-select" id="ownerId" name="ownerId" defaultValue="">
                  <option value="">Nobody: a post owns it</option>
                  {owners.map((h) => (
                    <option key={h.id} value={h.userId!}>
                      {h.holderName} ({h.seat.name})
                    </option>
                  ))}
                </select>
              </div>
              <TextInput
                name="ownerPost"
                label="Or a post"
                hint="For example: Joint head of mental health commissioning"
                error={errorsFor("add-action")?.ownerPost}
              />
              <TextInput name="dueOn" label="Due (YYYY-MM-DD)" width={10} error={errorsFor("add-action")?.dueOn} />
              <Button secondary>Record action</Button>
            </Form>
          </div>
        </details>
      ) : null}

      <h2>Reports</h2>
      {meeting.reports.length ? (
        <ul className="nhsuk-list">
          {meeting.reports.map((r) => (
            <li key={r.id}>
              <Link to={`/bodies/${meeting.body.slug}/reports/${r.id}`}>{r.title}</Link>
            </li>
          ))}
        </ul>
      ) : (
        <p>No reports.</p>
      )}
      {secretary ? (
        <p>
          <Link to={`${base}/reports/new`}>Add a report with recommendations</Link>
        </p>
      ) : null}
    </>
  );
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.meeting.title ?? "Meeting"}: ${data?.meeting.body.name ?? ""} - Touchstone` },
];

import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, ErrorMessage } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import { REPORT_BACKS_ROOM, canReadReportBacks, listReportBacks, postReportBack, representativeSeats } from "#app/features/forum/report-backs.server";
import { ReportBackSchema } from "#app/features/forum/rooms.schema";
import { loadForumReader } from "#app/features/forum/rooms.server";
import { formatDate } from "#app/utils/dates";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requireUser } from "#app/utils/permissions.server";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";

async function requireReader(request: Request, context: LoaderFunctionArgs["context"]) {
  const user = requireUser(context, request);
  const reader = await loadForumReader(user.id);
  if (!(await canReadReportBacks(reader))) throw new Response("Report-backs are for Forum members", { status: 403 });
  return reader!;
}

export async function loader({ request, context }: LoaderFunctionArgs) {
  const reader = await requireReader(request, context);
  const [reportBacks, seats] = await Promise.all([listReportBacks(), representativeSeats(reader)]);
  return json({ reportBacks, seats });
}

// Pure: the browser build (where formAction is an empty server-only stub) drops the whole call.
export const action = /* @__PURE__ */ formAction(
  async ({ request, context }) => ({ actor: await requireReader(request, context), publisher: context.publisher }),
  (intent) => ({
    "report-back": intent({
      schema: ReportBackSchema,
      run: (input, { actor, publisher }) => postReportBack(actor, input, publisher),
      success: (posted) => redirect(`/forum/rooms/${REPORT_BACKS_ROOM}#message-${posted.messageId}`),
    }),
  }),
);

export default function ReportBacks() {
  const { reportBacks, seats } = useLoaderData<typeof loader>();
  const reply = useFormReply<typeof action>("report-back");
  const errors = reply?.errors;
  return (
    <>
      <h1>Report-backs from our representatives</h1>
      <p>
        After each Board meeting, the Forum's elected representatives say what was discussed and decided, and ask members questions. Reply to them in the{" "}
        <Link to={`/forum/rooms/${REPORT_BACKS_ROOM}`}>report-backs room</Link>.
      </p>
      {reportBacks.length === 0 ? <p>No report-backs yet.</p> : null}
      {reportBacks.map((r) => (
        <section key={r.id} className="app-section" aria-labelledby={`report-${r.id}`}>
          <h2 id={`report-${r.id}`} className="nhsuk-heading-s">
            {r.meeting.body.name}, {formatDate(r.meeting.startsAt)}: {r.author.displayName} ({r.seat.name})
          </h2>
          <p>
            <strong>Discussed:</strong> {r.discussed}
          </p>
          <p>
            <strong>Decided:</strong> {r.decided}
          </p>
          {r.questions ? (
            <p>
              <strong>Questions for members:</strong> {r.questions}
            </p>
          ) : null}
          <p>
            <Link to={`/forum/rooms/${REPORT_BACKS_ROOM}#message-${r.messageId}`}>
              Reply in the thread
              <span className="nhsuk-u-visually-hidden">
                {" "}
                about {r.meeting.body.name}, {formatDate(r.meeting.startsAt)}
              </span>
            </Link>{" "}
            ({r.message.replyCount} {r.message.replyCount === 1 ? "reply" : "replies"})
          </p>
        </section>
      ))}

      {seats.length ? (
        <>
          <h2>Write a report-back</h2>
          <Form method="post">
            <IdempotencyKeyField />
            <ErrorSummary errors={errors} />
            <div className={`nhsuk-form-group${errors?.seatId ? " nhsuk-form-group--error" : ""}`}>
              <label className="nhsuk-label" htmlFor="seatId">
                Your seat
              </label>
              <ErrorMessage id="seatId" error={errors?.seatId} />
              <select className="nhsuk-select" id="seatId" name="seatId" defaultValue={reply?.values?.seatId ?? seats[0].id}>
                {seats.map((s) => (
                  <option key={s.id} value={s.id}>
                    {s.name}, {s.body.name}
                  </option>
                ))}
              </select>
            </div>
            <div className={`nhsuk-form-group${errors?.meetingId ? " nhsuk-form-group--error" : ""}`}>
              <label className="nhsuk-label" htmlFor="meetingId">
                The meeting
              </label>
              <ErrorMessage id="meetingId" error={errors?.meetingId} />
              <select className="nhsuk-select" id="meetingId" name="meetingId" defaultValue={reply?.values?.meetingId ?? ""}>
                <option value="">Choose the meeting</option>
                {seats.flatMap((s) =>
                  s.body.meetings.map((m) => (
                    <option key={`${s.id}-${m.id}`} value={m.id}>
                      {s.body.name}: {m.title}, {formatDate(m.startsAt)}
                    </option>
                  )),
                )}
              </select>
            </div>
            <Textarea name="discussed" label="What was discussed" defaultValue={reply?.values?.discussed} error={errors?.discussed} maxLength={4000} />
            <Textarea name="decided" label="What was decided" defaultValue={reply?.values?.decided} error={errors?.decided} maxLength={4000} />
            <Textarea
              name="questions"
              label="Questions for members (optional)"
              defaultValue={reply?.values?.questions}
              error={errors?.questions}
              maxLength={2000}
            />
            <Button>Post report-back</Button>
          </Form>
        </>
      ) : null}
    </>
  );
}

export const meta: MetaFunction = () => [{ title: "Report-backs - Forum - Touchstone" }];

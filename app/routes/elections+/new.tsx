import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json, redirect } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { DateTimeFields } from "#app/components/ui/date-time-fields";
import { Button, ErrorMessage, Radios, Select, TextInput } from "#app/components/ui/fields";
import { FORUM_CATEGORY_LABELS } from "#app/features/forum/membership.schema";
import { COUNT_PASSPHRASE_MIN, CreateElectionFormSchema, METHOD_LABELS } from "#app/features/elections/elections.schema";
import { createElection, electedSeats } from "#app/features/elections/elections.server";
import { formAction } from "#app/utils/form-actions.server";
import { useFormReply } from "#app/utils/form-reply";
import { requirePermission } from "#app/utils/permissions.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  requirePermission(context, request, "run:election:any");
  return json({ seats: await electedSeats() });
}

// Marked pure so the browser build drops it: formAction lives in a .server module, which the browser never gets.
export const action = /* @__PURE__ */ formAction(
  ({ request, context }) => ({ actor: requirePermission(context, request, "run:election:any") }),
  (intent) => ({
    create: intent({
      schema: CreateElectionFormSchema,
      run: (input, { actor }) => createElection(actor, input),
      success: (created) => redirect(`/elections/${created.slug}`),
      // Only the messages go back: a count passphrase is never sent back into the page.
      keep: () => ({}),
    }),
  }),
);

const WHEN = [
  ["nominationsOpen", "Nominations open"],
  ["nominationsClose", "Nominations close"],
  ["votingOpen", "Voting opens"],
  ["votingClose", "Voting closes"],
] as const;

// The error summary lists the mistakes in the order the fields are on the page.
const FIELD_ORDER = [
  "title",
  "seatId",
  "places",
  "constituency",
  "method",
  ...WHEN.flatMap(([name]) => [`${name}Date`, `${name}Time`]),
  "countPassphrase",
  "countPassphraseConfirm",
];

export default function NewElection() {
  const { seats } = useLoaderData<typeof loader>();
  const errors = useFormReply<typeof action>("create")?.errors;
  return (
    <div className="nhsuk-grid-row">
      <div className="nhsuk-grid-column-two-thirds">
        <ErrorSummary errors={errors} fieldOrder={FIELD_ORDER} />
        <h1>Call an election</h1>
        <Form method="post" noValidate>
          <TextInput name="title" label="Title" hint="For example: By-election for a service-user representative" error={errors?.title} />
          <Select
            name="seatId"
            label="Seat"
            options={[{ value: "", label: "Choose a seat" }, ...seats.map((s) => ({ value: s.id, label: `${s.body.name}: ${s.name} (${s.places} places)` }))]}
            error={errors?.seatId}
          />
          <TextInput name="places" label="Places to fill" width={10} error={errors?.places} />
          <div className={`nhsuk-form-group${errors?.constituency ? " nhsuk-form-group--error" : ""}`}>
            <fieldset className="nhsuk-fieldset" aria-describedby={errors?.constituency ? "constituency-error" : undefined}>
              <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Who may vote</legend>
              <ErrorMessage id="constituency" error={errors?.constituency} />
              <div className="nhsuk-checkboxes">
                {Object.entries(FORUM_CATEGORY_LABELS).map(([value, label], i) => (
                  <div className="nhsuk-checkboxes__item" key={value}>
                    <input
                      className="nhsuk-checkboxes__input"
                      id={i === 0 ? "constituency" : `constituency-${value}`}
                      name="constituency"
                      type="checkbox"
                      value={value}
                    />
                    <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={i === 0 ? "constituency" : `constituency-${value}`}>
                      {label}
                    </label>
                  </div>
                ))}
                <div className="nhsuk-checkboxes__item">
                  <input className="nhsuk-checkboxes__input" id="residencyRequired" name="residencyRequired" type="checkbox" value="on" defaultChecked />
                  <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="residencyRequired">
                    Voters must be checked as living in the city
                  </label>
                </div>
              </div>
            </fieldset>
          </div>
          <Radios
            name="method"
            legend="How the votes are counted"
            options={Object.entries(METHOD_LABELS).map(([value, label]) => ({ value, label }))}
            defaultValue="SCOTTISH_STV"
            error={errors?.method}
          />
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Timetable (UK time)</legend>
            {WHEN.map(([name, label]) => (
              <DateTimeFields key={name} name={name} dateLabel={`${label} on (YYYY-MM-DD)`} moment={label} errors={errors} />
            ))}
          </fieldset>
          <fieldset className="nhsuk-fieldset">
            <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">The sealed ballot box</legend>
            <p>
              Every ballot is sealed when it is cast. Only your count passphrase can open them, when you count the votes: nobody else, not even the
              system&apos;s administrators, can read a ballot or link it to a voter. Keep the passphrase safe: if it is lost, the votes cast must be declared
              void and the poll run again.
            </p>
            <TextInput
              name="countPassphrase"
              label="Count passphrase"
              hint={`At least ${COUNT_PASSPHRASE_MIN} characters: three or four unrelated words work well.`}
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              error={errors?.countPassphrase}
            />
            <TextInput
              name="countPassphraseConfirm"
              label="Count passphrase again"
              type="password"
              autoComplete="new-password"
              spellCheck={false}
              error={errors?.countPassphraseConfirm}
            />
          </fieldset>
          <Button>Call the election</Button>
        </Form>
      </div>
    </div>
  );
}

export const meta: MetaFunction = () => [{ title: "Call an election - Touchstone" }];

import { Form } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Select, TextInput } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import type { FieldErrors } from "#app/utils/forms";

export type MeetingValues = Record<string, string> & { stepFreeAccess?: string; hearingLoop?: string; accessibleToilets?: string };

const ORDER = [
  "title",
  "description",
  "date",
  "startTime",
  "endTime",
  "venueName",
  "venueAddress",
  "onlineUrl",
  "capacity",
  "registrationOpensDate",
  "registrationClosesDate",
  "proposalId",
];

export function MeetingForm({
  values,
  errors,
  proposals,
  capacityEditable,
  submitLabel,
}: {
  values: MeetingValues;
  errors?: FieldErrors | null;
  proposals: { id: string; title: string }[];
  capacityEditable: boolean;
  submitLabel: string;
}) {
  const check = (name: "stepFreeAccess" | "hearingLoop" | "accessibleToilets", label: string) => (
    <div className="nhsuk-checkboxes__item">
      <input className="nhsuk-checkboxes__input" id={name} name={name} type="checkbox" value="on" defaultChecked={values[name] === "on"} />
      <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor={name}>
        {label}
      </label>
    </div>
  );
  return (
    <Form method="post" noValidate>
      <ErrorSummary errors={errors} fieldOrder={ORDER} />
      <input type="hidden" name="intent" value="save" />
      <TextInput name="title" label="Title" defaultValue={values.title} error={errors?.title} />
      <Textarea name="description" label="Description" rows={4} defaultValue={values.description} error={errors?.description} />
      <div className="app-filter">
        <TextInput name="date" label="Date (YYYY-MM-DD)" width={10} defaultValue={values.date} error={errors?.date} />
        <TextInput name="startTime" label="Starts (HH:MM)" width={10} defaultValue={values.startTime} error={errors?.startTime} />
        <TextInput name="endTime" label="Ends (HH:MM)" width={10} defaultValue={values.endTime} error={errors?.endTime} />
      </div>
      <TextInput name="venueName" label="Venue (optional for online meetings)" defaultValue={values.venueName} error={errors?.venueName} />
      <TextInput name="venueAddress" label="Venue address" defaultValue={values.venueAddress} error={errors?.venueAddress} />
      <div className="nhsuk-form-group">
        <fieldset className="nhsuk-fieldset">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">Access at the venue</legend>
          <div className="nhsuk-checkboxes">
            {check("stepFreeAccess", "Step-free access")}
            {check("hearingLoop", "Hearing loop")}
            {check("accessibleToilets", "Accessible toilets")}
          </div>
        </fieldset>
      </div>
      <TextInput name="parking" label="Parking (optional)" defaultValue={values.parking} error={errors?.parking} />
      <TextInput name="onlineUrl" label="Online link for hybrid meetings (optional)" type="url" defaultValue={values.onlineUrl} error={errors?.onlineUrl} />
      {capacityEditable ? (
        <TextInput name="capacity" label="Places" width={10} defaultValue={values.capacity} error={errors?.capacity} />
      ) : (
        <input type="hidden" name="capacity" value={values.capacity} />
      )}
      <div className="app-filter">
        <TextInput
          name="registrationOpensDate"
          label="Registration opens (YYYY-MM-DD)"
          width={10}
          defaultValue={values.registrationOpensDate}
          error={errors?.registrationOpensDate}
        />
        <TextInput
          name="registrationClosesDate"
          label="Registration closes (YYYY-MM-DD)"
          width={10}
          defaultValue={values.registrationClosesDate}
          error={errors?.registrationClosesDate}
        />
      </div>
      <Select
        name="proposalId"
        label="About a proposal (optional)"
        defaultValue={values.proposalId ?? ""}
        options={[{ value: "", label: "None" }, ...proposals.map((p) => ({ value: p.id, label: p.title }))]}
      />
      {errors?.proposalId ? <p className="nhsuk-error-message">{errors.proposalId[0]}</p> : null}
      <Button>{submitLabel}</Button>
    </Form>
  );
}

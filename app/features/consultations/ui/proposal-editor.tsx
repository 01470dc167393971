import { Form } from "@remix-run/react";
import { ErrorSummary } from "#app/components/ui/error-summary";
import { Button, Radios, TextInput } from "#app/components/ui/fields";
import { Textarea } from "#app/components/ui/textarea";
import type { FieldErrors } from "#app/utils/forms";
import { IdempotencyKeyField } from "#app/components/ui/idempotency-key-field";
import { DateTimeFields } from "#app/components/ui/date-time-fields";

export type EditorValues = {
  title: string;
  summary: string;
  audience: string;
  premoderation: boolean;
  reportThreshold: string;
  opensDate: string;
  opensTime: string;
  closesDate: string;
  closesTime: string;
  sections: { number: string; heading: string; body: string }[];
};

/**
 * The section editor: works without JavaScript (adding a section and previewing are
 * round trips), so it suits every commissioner's browser and assistive technology.
 */
export function ProposalEditor({
  values,
  errors,
  previews,
  scheduleEditable,
  submitLabel,
  extra,
}: {
  values: EditorValues;
  errors?: FieldErrors | null;
  previews?: string[] | null;
  scheduleEditable: boolean;
  submitLabel: string;
  extra?: React.ReactNode;
}) {
  const rows = [...values.sections, { number: "", heading: "", body: "" }];
  return (
    <Form method="post" noValidate>
      <IdempotencyKeyField />
      <ErrorSummary
        errors={errors}
        fieldOrder={["title", "summary", "audience", "reportThreshold", "opensDate", "opensTime", "closesDate", "closesTime", "number", "heading", "body"]}
      />
      <TextInput name="title" label="Title" defaultValue={values.title} error={errors?.title} />
      <Textarea
        name="summary"
        label="Short summary"
        hint="One or two sentences shown in lists and at the top of the page."
        rows={3}
        defaultValue={values.summary}
        error={errors?.summary}
      />
      <Radios
        name="audience"
        legend="Who can take part?"
        options={[
          { value: "PUBLIC", label: "Anyone", hint: "The proposal and its comments are public; anyone signed in can comment." },
          { value: "INVITED", label: "Invited stakeholders only", hint: "Only people you invite by email can see it and comment." },
        ]}
        defaultValue={values.audience}
        error={errors?.audience}
      />
      <div className="nhsuk-form-group">
        <div className="nhsuk-checkboxes">
          <div className="nhsuk-checkboxes__item">
            <input
              className="nhsuk-checkboxes__input"
              id="premoderation"
              name="premoderation"
              type="checkbox"
              value="on"
              defaultChecked={values.premoderation}
            />
            <label className="nhsuk-label nhsuk-checkboxes__label" htmlFor="premoderation">
              Check comments before they appear (pre-moderation)
            </label>
          </div>
        </div>
      </div>
      <TextInput
        name="reportThreshold"
        label="Hide a comment after this many reports"
        hint="It stays hidden until a moderator reviews it."
        defaultValue={values.reportThreshold}
        error={errors?.reportThreshold}
        width={10}
      />
      {scheduleEditable ? (
        <fieldset className="nhsuk-fieldset nhsuk-u-margin-bottom-4">
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--m">Discussion period (UK time)</legend>
          <DateTimeFields
            name="opens"
            dateLabel="Opens on (YYYY-MM-DD)"
            moment="The discussion opens"
            defaultDate={values.opensDate}
            defaultTime={values.opensTime}
            errors={errors}
          />
          <DateTimeFields
            name="closes"
            dateLabel="Closes on (YYYY-MM-DD)"
            moment="The discussion closes"
            defaultDate={values.closesDate}
            defaultTime={values.closesTime}
            errors={errors}
          />
        </fieldset>
      ) : (
        <>
          {(["opensDate", "opensTime", "closesDate", "closesTime"] as const).map((name) => (
            <input key={name} type="hidden" name={name} value={values[name]} />
          ))}
        </>
      )}
      <h2>Sections</h2>
      <p className="nhsuk-body-s">
        Number sections as the document does (1, 2, 2.1, 3a...). Text uses Markdown: headings, lists, tables and links. Leave the last, empty section blank if
        you do not need it.
      </p>
      {rows.map((section, i) => (
        <fieldset className="nhsuk-fieldset app-section-editor" key={i}>
          <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">
            Section {i + 1}
            {i === rows.length - 1 ? " (new)" : ""}
          </legend>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={i === 0 ? "number" : `number-${i}`}>
              Number
            </label>
            <input className="nhsuk-input nhsuk-input--width-4" id={i === 0 ? "number" : `number-${i}`} name="number" defaultValue={section.number} />
          </div>
          <div className="nhsuk-form-group">
            <label className="nhsuk-label" htmlFor={i === 0 ? "heading" : `heading-${i}`}>
              Heading
            </label>
            <input className="nhsuk-input" id={i === 0 ? "heading" : `heading-${i}`} name="heading" defaultValue={section.heading} />
          </div>
          <Textarea name="body" id={i === 0 ? "body" : `body-${i}`} label="Text" rows={8} defaultValue={section.body} />
          {previews?.[i] ? (
            <div className="app-preview" aria-label={`Preview of section ${i + 1}`} role="region">
              <p className="nhsuk-body-s">
                <strong>Preview</strong>
              </p>
              <div dangerouslySetInnerHTML={{ __html: previews[i] }} />
            </div>
          ) : null}
        </fieldset>
      ))}
      {extra}
      <div className="app-button-row">
        <Button secondary name="intent" value="add-section">
          Add another section
        </Button>
        <Button secondary name="intent" value="preview">
          Preview
        </Button>
        <Button name="intent" value="save">
          {submitLabel}
        </Button>
      </div>
    </Form>
  );
}

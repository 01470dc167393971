import type { FieldErrors } from "#app/utils/forms";
import { TextInput } from "./fields";

/**
 * A moment as two fields side by side, <name>Date and <name>Time, each with its own label,
 * error message and error group (see utils/date-time-fields). The time's visible label is the
 * short "at (HH:MM)" beside the date; its accessible name says which moment it is ("Voting
 * closes at (HH:MM)"), for a screen reader arriving from the error summary or by tabbing.
 */
export function DateTimeFields({
  name,
  dateLabel,
  moment,
  errors,
  defaultDate,
  defaultTime,
}: {
  name: string;
  /** The date's label as shown, like "Voting closes on (YYYY-MM-DD)". */
  dateLabel: string;
  /** The moment, as the start of a sentence: "Voting closes", "The discussion opens". */
  moment: string;
  errors?: FieldErrors | null;
  defaultDate?: string;
  defaultTime?: string;
}) {
  return (
    <div className="app-filter">
      <TextInput name={`${name}Date`} label={dateLabel} width={10} defaultValue={defaultDate} error={errors?.[`${name}Date`]} />
      <TextInput
        name={`${name}Time`}
        label={
          <>
            <span className="nhsuk-u-visually-hidden">{moment} </span>at (HH:MM)
          </>
        }
        width={10}
        defaultValue={defaultTime}
        error={errors?.[`${name}Time`]}
      />
    </div>
  );
}

import type { ReactNode } from "react";

type FieldProps = {
  name: string;
  label: ReactNode;
  hint?: ReactNode;
  error?: string[];
};

/** The NHS.UK error message that sits between a field's hint and the field. */
export function ErrorMessage({ id, error }: { id: string; error?: string[] }) {
  if (!error?.length) return null;
  return (
    <span className="nhsuk-error-message" id={`${id}-error`}>
      <span className="nhsuk-u-visually-hidden">Error:</span> {error[0]}
    </span>
  );
}

/** An NHS.UK form group: the label, then the hint and the error message, above the field. */
export function FieldGroup({
  id,
  label,
  labelClassName = "nhsuk-label",
  hint,
  error,
  className,
  children,
}: {
  id: string;
  label: ReactNode;
  labelClassName?: string;
  hint?: ReactNode;
  error?: string[];
  className?: string;
  children: ReactNode;
}) {
  return (
    <div className={`nhsuk-form-group${error?.length ? " nhsuk-form-group--error" : ""}${className ? ` ${className}` : ""}`}>
      <label className={labelClassName} htmlFor={id}>
        {label}
      </label>
      {hint ? (
        <div className="nhsuk-hint" id={`${id}-hint`}>
          {hint}
        </div>
      ) : null}
      <ErrorMessage id={id} error={error} />
      {children}
    </div>
  );
}

function describedBy(name: string, hint: unknown, error?: string[]) {
  const ids = [hint ? `${name}-hint` : null, error?.length ? `${name}-error` : null].filter(Boolean);
  return ids.length ? ids.join(" ") : undefined;
}

export function TextInput({
  name,
  id = name,
  label,
  hint,
  error,
  type = "text",
  autoComplete,
  defaultValue,
  width,
  spellCheck,
}: FieldProps & {
  id?: string;
  type?: "text" | "email" | "password" | "search" | "url";
  autoComplete?: string;
  defaultValue?: string;
  width?: 10 | 20 | 30;
  spellCheck?: boolean;
}) {
  const hasError = !!error?.length;
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error}>
      <input
        className={`nhsuk-input${width ? ` nhsuk-input--width-${width}` : ""}${hasError ? " nhsuk-input--error" : ""}`}
        id={id}
        name={name}
        type={type}
        autoComplete={autoComplete}
        defaultValue={defaultValue}
        spellCheck={spellCheck}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={hasError || undefined}
      />
    </FieldGroup>
  );
}

export function Radios({
  name,
  id: baseId = name,
  legend,
  hint,
  error,
  options,
  defaultValue,
}: Omit<FieldProps, "label"> & {
  id?: string;
  legend: string;
  options: { value: string; label: string; hint?: string }[];
  defaultValue?: string;
}) {
  const hasError = !!error?.length;
  return (
    <div className={`nhsuk-form-group${hasError ? " nhsuk-form-group--error" : ""}`}>
      <fieldset className="nhsuk-fieldset" aria-describedby={describedBy(baseId, hint, error)}>
        <legend className="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">{legend}</legend>
        {hint ? (
          <div className="nhsuk-hint" id={`${baseId}-hint`}>
            {hint}
          </div>
        ) : null}
        <ErrorMessage id={baseId} error={error} />
        <div className="nhsuk-radios">
          {options.map((option, index) => {
            // The first radio carries the field id so the error summary link lands on it.
            const id = index === 0 ? baseId : `${baseId}-${index + 1}`;
            return (
              <div className="nhsuk-radios__item" key={option.value}>
                <input
                  className="nhsuk-radios__input"
                  id={id}
                  name={name}
                  type="radio"
                  value={option.value}
                  defaultChecked={defaultValue === option.value}
                  aria-describedby={option.hint ? `${id}-hint` : undefined}
                />
                <label className="nhsuk-label nhsuk-radios__label" htmlFor={id}>
                  {option.label}
                </label>
                {option.hint ? (
                  <div className="nhsuk-hint nhsuk-radios__hint" id={`${id}-hint`}>
                    {option.hint}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Button({
  children,
  secondary,
  name,
  value,
  disabled,
}: {
  children: ReactNode;
  secondary?: boolean;
  name?: string;
  value?: string;
  disabled?: boolean;
}) {
  return (
    <button
      className={`nhsuk-button${secondary ? " nhsuk-button--secondary" : ""}`}
      data-module="nhsuk-button"
      type="submit"
      name={name}
      value={value}
      disabled={disabled}
    >
      {children}
    </button>
  );
}

export function Select({
  name,
  id = name,
  label,
  options,
  defaultValue,
  className,
  hint,
  error,
}: {
  name: string;
  id?: string;
  label: string;
  options: { value: string; label: string }[];
  defaultValue?: string;
  className?: string;
  hint?: ReactNode;
  error?: string[];
}) {
  const hasError = !!error?.length;
  return (
    <FieldGroup id={id} label={label} hint={hint} error={error} className={className}>
      <select
        className={`nhsuk-select${hasError ? " nhsuk-select--error" : ""}`}
        id={id}
        name={name}
        defaultValue={defaultValue}
        aria-describedby={describedBy(id, hint, error)}
        aria-invalid={hasError || undefined}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
    </FieldGroup>
  );
}

import type { ComponentPropsWithoutRef, ReactNode } from "react";

/** The NHS.UK summary list: facts about one thing, a key and its value per row. */
export function SummaryList({ children }: { children: ReactNode }) {
  return <dl className="nhsuk-summary-list">{children}</dl>;
}

/** One row of a summary list. Other props (a class, a test id, aria-live) go on the value. */
export function SummaryRow({ label, className, children, ...value }: { label: ReactNode } & ComponentPropsWithoutRef<"dd">) {
  return (
    <div className="nhsuk-summary-list__row">
      <dt className="nhsuk-summary-list__key">{label}</dt>
      <dd className={className ? `nhsuk-summary-list__value ${className}` : "nhsuk-summary-list__value"} {...value}>
        {children}
      </dd>
    </div>
  );
}

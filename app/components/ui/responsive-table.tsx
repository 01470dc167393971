import type { HTMLAttributes, ReactNode } from "react";

// The NHS.UK responsive table: on a narrow screen each row becomes a list of "heading: value"
// lines (nhsuk-table--responsive hides the header row and shows each cell's own heading), so
// no table makes a page scroll sideways at 320 CSS pixels (WCAG 2.2 SC 1.4.10).

export function ResponsiveTable({
  caption,
  head,
  children,
  className,
  captionClassName,
  testId,
}: {
  caption: ReactNode;
  head: ReactNode[];
  children: ReactNode;
  className?: string;
  captionClassName?: string;
  testId?: string;
}) {
  return (
    <table className={`nhsuk-table nhsuk-table--responsive${className ? ` ${className}` : ""}`} role="table" data-testid={testId}>
      <caption className={`nhsuk-table__caption${captionClassName ? ` ${captionClassName}` : ""}`}>{caption}</caption>
      <thead className="nhsuk-table__head" role="rowgroup">
        <tr className="nhsuk-table__row" role="row">
          {head.map((heading, i) => (
            <th className="nhsuk-table__header" scope="col" role="columnheader" key={i}>
              {heading}
            </th>
          ))}
        </tr>
      </thead>
      <tbody className="nhsuk-table__body">{children}</tbody>
    </table>
  );
}

export function Row({ children, className, ...attributes }: HTMLAttributes<HTMLTableRowElement> & { "data-testid"?: string }) {
  return (
    <tr {...attributes} className={`nhsuk-table__row${className ? ` ${className}` : ""}`} role="row">
      {children}
    </tr>
  );
}

/** A cell that carries its column's heading, shown beside the value on a narrow screen. */
export function Cell({
  heading,
  children,
  rowHeader = false,
  numeric = false,
  className,
}: {
  heading: ReactNode;
  children: ReactNode;
  rowHeader?: boolean;
  numeric?: boolean;
  className?: string;
}) {
  const classes = [rowHeader ? "nhsuk-table__header" : "nhsuk-table__cell", numeric ? "nhsuk-table__cell--numeric" : "", className ?? ""]
    .filter(Boolean)
    .join(" ");
  const content = (
    <>
      <span className="nhsuk-table__heading" aria-hidden="true">
        {heading}{" "}
      </span>
      <span className="app-table__value">{children}</span>
    </>
  );
  return rowHeader ? (
    <th className={classes} scope="row" role="rowheader">
      {content}
    </th>
  ) : (
    <td className={classes} role="cell">
      {content}
    </td>
  );
}

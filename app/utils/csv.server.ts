import { stringify, type Options } from "csv-stringify/sync";

/**
 * The one way this app writes CSV. Exports hold text that anyone could type (comments,
 * names, access needs); a cell starting with = + - @, a tab or a carriage return would
 * run as a formula when the file is opened in a spreadsheet (CSV injection), so such
 * cells get a leading apostrophe: shown as text, never run.
 */
export function toCsv(rows: unknown[][], options: Pick<Options, "header" | "columns"> = {}): string {
  return stringify(rows, { ...options, escape_formulas: true });
}

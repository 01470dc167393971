import type { FieldErrors } from "./forms";

// Every command answers with one result type: `{ ok: true, ...what it made }` or a Failure
// whose status the action pipeline turns into the HTTP answer and whose messages it shows
// beside the fields they name ("form" for the form as a whole).
export type Failure = { ok: false; status: 400 | 403 | 404 | 409 | 410 | 413 | 429; errors: FieldErrors };
export type Success<T extends object = object> = { ok: true } & T;
export type CommandResult<T extends object = object> = Success<T> | Failure;

export function ok(): Success;
export function ok<T extends object>(value: T): Success<T>;
export function ok(value: object = {}) {
  return { ok: true as const, ...value };
}

export function fail(status: Failure["status"], field: string, message: string): Failure {
  return { ok: false, status, errors: { [field]: [message] } };
}

/** The first message of a failure, for answers that are not a form (a download, a socket ack). */
export function firstMessage(failure: Failure, fallback = "This could not be done"): string {
  return Object.values(failure.errors).flat()[0] ?? fallback;
}

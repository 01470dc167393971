import type { SerializeFrom } from "@remix-run/node";
import { useActionData, type ShouldRevalidateFunction } from "@remix-run/react";
import type { FieldErrors } from "./forms";

/**
 * The one answer every form action gives when it does not redirect (built by formAction in
 * form-actions.server.ts). A page may hold several forms; `form` says which one it answers,
 * so its errors appear beside that form only.
 */
export type FormReply<Result = unknown, Values = Record<string, string>> = {
  form: string;
  status: "error" | "success";
  /** Messages by field name; "form" for the form as a whole. */
  errors: FieldErrors | null;
  /** What was typed, to refill the form after an error (never passwords). */
  values: Values | null;
  /** Unique per success: a page keys its form on it to start afresh after each success. */
  done: string | null;
  /** What to tell the person after a success. */
  message: string | null;
  /** Whatever else the page needs after a success. */
  result: Result | null;
};

type FormAction = (...args: never[]) => Promise<unknown>;

/** The reply to the last submission, if it answers `form` (whichever form when none is named). */
export function useFormReply<Action extends FormAction>(form?: string): SerializeFrom<Action> | undefined {
  const reply = useActionData<Action>();
  // Every action built by formAction answers a FormReply; `form` is read from it here only.
  const answered = reply as { form?: unknown } | undefined;
  if (!answered || (form !== undefined && answered.form !== form)) return undefined;
  return reply;
}

/**
 * For a page whose live lists start afresh on fresh data: a refused post (a FormReply with
 * errors) wrote nothing, so the page's data is not read again and the errors stay where they are.
 */
export const skipReloadWhenRefused: ShouldRevalidateFunction = ({ actionResult, defaultShouldRevalidate }) =>
  (actionResult as Partial<FormReply> | undefined)?.status === "error" ? false : defaultShouldRevalidate;

import type { z } from "zod";

export type FieldErrors = Record<string, string[] | undefined>;

export type FormResult<T> = { success: true; data: T } | { success: false; errors: FieldErrors; values: Record<string, string> };

/**
 * Turns FormData into an object (repeated names become arrays; an uploaded file stays a File,
 * for `z.instanceof(File)`) and parses it with zod.
 */
export function parseForm<S extends z.ZodType>(formData: FormData, schema: S): FormResult<z.output<S>> {
  const raw: Record<string, unknown> = {};
  for (const key of new Set(formData.keys())) {
    const all = formData.getAll(key).filter((value) => typeof value === "string" || (value instanceof File && value.size > 0));
    raw[key] = all.length > 1 ? all : all[0];
  }
  const result = schema.safeParse(raw);
  if (result.success) return { success: true, data: result.data };
  const errors: FieldErrors = {};
  for (const issue of result.error.issues) {
    const field = issue.path.length ? String(issue.path[0]) : "form";
    (errors[field] ??= []).push(issue.message);
  }
  // Passwords are never sent back into the page.
  const values = Object.fromEntries(
    Object.entries(raw)
      .filter(([key, value]) => typeof value === "string" && !/password/i.test(key))
      .map(([key, value]) => [key, value as string]),
  );
  return { success: false, errors, values };
}

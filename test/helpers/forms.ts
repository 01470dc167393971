import type { z } from "zod";
import { parseForm } from "#app/utils/forms";

type Fields = Record<string, string | string[] | undefined>;

/** The form as a browser posts it: a field left undefined is not sent, a list is sent once per value. */
export function formDataOf(fields: Fields): FormData {
  const formData = new FormData();
  for (const [name, value] of Object.entries(fields)) for (const one of value === undefined ? [] : [value].flat()) formData.append(name, one);
  return formData;
}

/** What the app's form pipeline reads from these fields with this schema. */
export const readForm = <S extends z.ZodType>(schema: S, fields: Fields) => parseForm(formDataOf(fields), schema);

/** The messages by field, as the page shows them ({} when the form is accepted). */
export function fieldErrors(schema: z.ZodType, fields: Fields) {
  const read = readForm(schema, fields);
  return read.success ? {} : read.errors;
}

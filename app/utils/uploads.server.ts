import { FORM_MAX_BYTES, readFormBody } from "./form-bodies.server";
import { fail, type Failure } from "./results";

/**
 * Reads a form that may carry a file. The body is size-limited while it streams in: the file's
 * limit plus an ordinary form's for the other fields, so an oversized upload is refused before
 * it fills the memory, with the one message the person can act on. A form without a file
 * (the other forms on an upload page) gets the ordinary limit.
 */
export async function readFormWithUpload(request: Request, maxFileBytes: number): Promise<FormData | Failure> {
  if (!(request.headers.get("content-type") ?? "").toLowerCase().startsWith("multipart/form-data")) return readFormBody(request);
  const tooLarge = fail(413, "file", `The file must be ${maxFileBytes / (1024 * 1024)} MB or smaller`);
  const formData = await readFormBody(request, { maxBytes: maxFileBytes + FORM_MAX_BYTES, tooLarge });
  if (!(formData instanceof FormData)) return formData;
  for (const value of formData.values()) if (value instanceof File && value.size > maxFileBytes) return tooLarge;
  return formData;
}

import { Readable } from "node:stream";
import type { ReadableStream as NodeReadableStream } from "node:stream/web";
import getRawBody from "raw-body";
import { fail, type Failure } from "./results";

/**
 * The largest ordinary form. The biggest forms are the proposal editor (every section at once,
 * 20,000 characters each) and a board report (about 140,000 characters at its schema's
 * limits); urlencoded, ordinary text takes about 1.1 bytes a character, so 1 MB holds some
 * 40 full sections. Nothing the pages offer comes near it.
 */
export const FORM_MAX_BYTES = 1024 * 1024;
/**
 * The most fields (or parts) one form may carry. The longest lists a form sends are 500 ticked
 * comments (analysis) and 400 attendance boxes; parsing each field name is linear in the form,
 * so a form of 100,000 tiny fields would cost seconds of CPU.
 */
export const FORM_MAX_FIELDS = 1000;

const FORM_TYPES = new Set(["application/x-www-form-urlencoded", "multipart/form-data"]);

export const UNREADABLE_FORM = fail(400, "form", "This form could not be read: reload the page and try again");
const NUL_IN_FORM = fail(400, "form", "This form holds a character that cannot be saved (a NUL byte): remove it and try again.");
export const FORM_TOO_LARGE = fail(413, "form", "This is too much to send in one go (more than 1 MB). Nothing was saved: shorten the text and try again.");

/**
 * Reads a posted form with a size limit: a body that says it is larger is refused before any of
 * it is read, and one that grows past the limit as it streams in (chunked, or lying about its
 * length) is refused as soon as it does, so no post can fill the memory. A body that is not a
 * form (JSON, plain text, a broken multipart body) is refused as unreadable. Either way the
 * answer is a Failure for the form, never an exception.
 */
export async function readFormBody(request: Request, limits: { maxBytes?: number; tooLarge?: Failure } = {}): Promise<FormData | Failure> {
  const { maxBytes = FORM_MAX_BYTES, tooLarge = FORM_TOO_LARGE } = limits;
  // Nothing posted (a form of only a button, `curl -X POST`) is an empty form, whatever its type.
  if (!request.body || declaredLength(request) === 0) return new FormData();
  const contentType = request.headers.get("content-type") ?? "";
  if (!FORM_TYPES.has(mediaType(contentType))) return UNREADABLE_FORM;
  const length = declaredLength(request);
  if (length !== null && length > maxBytes) return tooLarge;
  // A declared length is what Node's parser reads as the body, no more: within the limit, the
  // body is read as it is (the common case, and the quickest: every form a browser sends says
  // its length). Without one (chunked), it is counted as it streams in.
  const formData = length !== null ? await request.formData().catch(() => null) : await readStreamed(request, contentType, maxBytes, tooLarge);
  if (formData === null) return UNREADABLE_FORM;
  if (!(formData instanceof FormData)) return formData;
  if (Array.from(formData.keys()).length > FORM_MAX_FIELDS) return tooLarge;
  // PostgreSQL refuses text holding a NUL byte: saving it would fail with a server error.
  for (const value of formData.values()) if (typeof value === "string" && value.includes("\u0000")) return NUL_IN_FORM;
  return formData;
}

async function readStreamed(request: Request, contentType: string, maxBytes: number, tooLarge: Failure): Promise<FormData | Failure | null> {
  const stream = Readable.fromWeb(request.body as NodeReadableStream<Uint8Array>);
  // A client that goes away mid-body errors the stream; nobody is left to answer.
  stream.on("error", () => {});
  let bytes: Buffer;
  try {
    bytes = await getRawBody(stream, { limit: maxBytes });
  } catch (error) {
    // The rest is left unread; once the answer is sent the server drops it (server/discard-unread-bodies.ts).
    return (error as getRawBody.RawBodyError).type === "entity.too.large" ? tooLarge : null;
  }
  return new Response(new Uint8Array(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength), { headers: { "content-type": contentType } })
    .formData()
    .catch(() => null);
}

/** The type without its parameters: `multipart/form-data; boundary=x` is `multipart/form-data`. */
function mediaType(contentType: string): string {
  return contentType.split(";")[0].trim().toLowerCase();
}

function declaredLength(request: Request): number | null {
  const header = request.headers.get("content-length");
  return header !== null && /^\d+$/.test(header) ? Number(header) : null;
}

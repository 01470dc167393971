import { MaxPartSizeExceededError, unstable_createMemoryUploadHandler, unstable_parseMultipartFormData } from "@remix-run/node";

/**
 * Reads a form that may carry a file. A multipart body is size-limited while it streams in, so
 * an oversized upload is refused before it fills the memory; null means it was too large.
 */
export async function readFormWithUpload(request: Request, maxBytes: number): Promise<FormData | null> {
  if (!(request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) return request.formData();
  try {
    return await unstable_parseMultipartFormData(request, unstable_createMemoryUploadHandler({ maxPartSize: maxBytes }));
  } catch (error) {
    if (error instanceof MaxPartSizeExceededError) return null;
    throw error;
  }
}

import type { RequestHandler } from "express";

/**
 * Node throws away a request body nobody reads, so the connection can carry the next request.
 * Remix's adapter starts reading every body into a stream as the request arrives, which turns
 * that off: when a page answers without reading the body (no action: 405; a post refused before
 * it is read: too large, rate-limited, not signed in), whatever did not fit in the buffers stays
 * in the connection, and the browser's next request on it waits until the connection times out.
 * Once the answer is sent, the rest of the body is read and dropped, as Node itself would.
 */
export const discardUnreadBodies: RequestHandler = (req, res, next) => {
  res.on("finish", () => {
    if (req.complete) return;
    req.removeAllListeners("data");
    req.resume();
  });
  next();
};

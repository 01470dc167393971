import type { NextFunction, Request, Response } from "express";
import { sendDocument } from "./compressed-documents";

// Public pages seen by signed-out visitors are identical for everyone, so a rendered
// page is reused for a moment (a "micro-cache", as nginx does) instead of being
// rendered again for each of hundreds of visitors. Each response still gets its own
// CSP nonce: the cached nonce is swapped for the request's. Live data reaches open pages
// over socket.io, so a page at most TTL old is fine.
//
// When a page's time is up, the first visitor renders it again and the others get the page
// already made until that render is done, if it is less than twice TTL old: without this, every
// visitor arriving during the render rendered it too, a burst of renders each time the page
// expired, longer the bigger the thread. A render that ends without a page to keep (the
// proposal became invitation-only, or failed) drops the old one.

// The page is kept as bytes cut where its nonce goes, so a hit only copies bytes (encoding
// hundreds of kilobytes of text again for every visitor costs more than the rest of the hit).
type Entry = { pieces: Buffer[]; headers: Record<string, string>; expires: number };

// Enough for every sort and filter of every public proposal; the oldest entry goes first.
const MAX_ENTRIES = 1000;

export function anonymousPageCache(options: { paths: (string | RegExp)[]; ttlMs: number; sessionCookie: string }) {
  const cache = new Map<string, Entry>();
  /** Pages being rendered again now, by key, and the response rendering each. */
  const rendering = new Map<string, Response>();
  const cookiePattern = new RegExp(`(?:^|;\\s*)${options.sessionCookie}=`);
  const listed = (path: string) => options.paths.some((p) => (typeof p === "string" ? p === path : p.test(path)));

  return function pageCache(req: Request, res: Response, next: NextFunction) {
    const cacheable =
      req.method === "GET" &&
      listed(req.path) &&
      // Remix's data requests are JSON for the browser's router, not pages.
      !("_data" in req.query) &&
      !cookiePattern.test(req.headers.cookie ?? "");
    if (!cacheable) return next();

    const key = req.originalUrl;
    const nonce = res.locals.cspNonce as string;
    const hit = cache.get(key);
    const now = Date.now();
    const fresh = hit && hit.expires > now;
    if (hit && (fresh || (rendering.has(key) && hit.expires + options.ttlMs > now))) {
      res.set(hit.headers);
      res.set("X-Page-Cache", fresh ? "hit" : "stale");
      const nonceAttribute = Buffer.from(`nonce="${nonce}"`);
      sendDocument(
        req,
        res,
        hit.pieces.flatMap((piece, i) => (i === 0 ? [piece] : [nonceAttribute, piece])),
      ).catch(next);
      return;
    }

    // Miss: let Remix render, keeping a copy of what it sends.
    const done = () => rendering.get(key) === res && rendering.delete(key);
    if (hit) {
      rendering.set(key, res);
      res.once("close", done);
    }
    const chunks: Buffer[] = [];
    const write = res.write.bind(res) as (...args: unknown[]) => boolean;
    const end = res.end.bind(res) as (...args: unknown[]) => Response;
    res.write = ((chunk: unknown, ...rest: unknown[]) => {
      if (chunk) chunks.push(Buffer.from(chunk as Buffer));
      return write(chunk, ...rest);
    }) as Response["write"];
    res.end = ((chunk?: unknown, ...rest: unknown[]) => {
      if (chunk && typeof chunk !== "function") chunks.push(Buffer.from(chunk as Buffer));
      const contentType = String(res.getHeader("content-type") ?? "");
      if (res.statusCode === 200 && !res.getHeader("set-cookie") && contentType.startsWith("text/html")) {
        if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
        cache.delete(key);
        cache.set(key, {
          pieces: Buffer.concat(chunks)
            .toString("utf8")
            .split(`nonce="${nonce}"`)
            .map((piece) => Buffer.from(piece)),
          headers: { "Content-Type": contentType },
          expires: Date.now() + options.ttlMs,
        });
      } else {
        cache.delete(key);
      }
      done();
      return end(chunk, ...rest);
    }) as Response["end"];
    next();
  };
}

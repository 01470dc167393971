import { promisify } from "node:util";
import zlib from "node:zlib";
import type { Request, Response } from "express";

// Pages the server already holds whole (a cached public page, a signed-in reader's shared or
// own document) are compressed here in one call at a fast setting, instead of through the
// compression middleware's stream (ADR 036). Browsers always ask for compression, and the
// middleware's per-response Brotli stream (quality 4) made serving such a page from memory
// about ten times dearer: 500 pages a second instead of 5,000 on this project's benchmark
// machine. Brotli at quality 1 makes a 100 KB page about 14 KB in about 0.1 ms of CPU; gzip
// at level 1 is the fallback. The call runs on libuv's thread pool, as the middleware's did,
// so the event loop goes on serving meanwhile.

/** Smaller bodies are sent as they are: compressing them saves less than it costs (the middleware's threshold). */
const THRESHOLD_BYTES = 1024;

type Encoding = "br" | "gzip";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);

/** The encoding this request accepts that we send: Brotli, else gzip, else none. */
function documentEncoding(req: Request): Encoding | null {
  const accepted = req.acceptsEncodings() as string[];
  return accepted.includes("br") ? "br" : accepted.includes("gzip") ? "gzip" : null;
}

function compress(body: Buffer, encoding: Encoding): Promise<Buffer> {
  return encoding === "br"
    ? brotli(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 1, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: body.length } })
    : gzip(body, { level: 1 });
}

/**
 * Sends a page held in memory (given in pieces) with status 200, compressed as the request
 * accepts. Content-Encoding is set here, so the compression middleware leaves the body alone.
 */
export async function sendDocument(req: Request, res: Response, pieces: Buffer[]): Promise<void> {
  res.vary("Accept-Encoding");
  res.status(200);
  const length = pieces.reduce((sum, piece) => sum + piece.length, 0);
  const encoding = length >= THRESHOLD_BYTES ? documentEncoding(req) : null;
  if (encoding) {
    const body = await compress(pieces.length === 1 ? pieces[0] : Buffer.concat(pieces, length), encoding);
    res.setHeader("Content-Encoding", encoding);
    res.setHeader("Content-Length", body.length);
    res.end(body);
    return;
  }
  res.setHeader("Content-Length", length);
  // Written together (corked) without joining them first: copying a 100 KB page into one
  // buffer per request cost more than writing its pieces.
  res.cork();
  for (const piece of pieces) res.write(piece);
  res.end();
}

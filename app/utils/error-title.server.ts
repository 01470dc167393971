import { Transform } from "node:stream";
import { ERROR_TITLE_PREFIX } from "./error-title";

const OPEN = Buffer.from("<title>");
const PREFIX = Buffer.from(ERROR_TITLE_PREFIX);

/**
 * A page passed through with "Error: " at the start of its first title, for a page answering a
 * post with a form's errors (see error-title.ts). Bytes go on as they come, less the last few of
 * a chunk while the title's tag may be cut between chunks; after the title, untouched.
 */
export function prefixFirstTitle(): Transform {
  let held: Buffer | null = Buffer.alloc(0);
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (held === null) return done(null, chunk);
      const text = Buffer.concat([held, chunk]);
      const at = text.indexOf(OPEN);
      if (at === -1) {
        const keep = Math.min(text.length, OPEN.length - 1);
        held = text.subarray(text.length - keep);
        return done(null, text.subarray(0, text.length - keep));
      }
      held = null;
      const end = at + OPEN.length;
      done(null, Buffer.concat([text.subarray(0, end), PREFIX, text.subarray(end)]));
    },
    flush(done) {
      done(null, held?.length ? held : undefined);
    },
  });
}

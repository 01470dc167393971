import { Readable } from "node:stream";
import { describe, expect, it } from "vitest";
import { showsFormErrors } from "./error-title";
import { prefixFirstTitle } from "./error-title.server";

/** The page as a reader's browser gets it, sent in these pieces. */
async function through(pieces: string[]) {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(pieces.map((p) => Buffer.from(p))).pipe(prefixFirstTitle())) out.push(chunk as Buffer);
  return Buffer.concat(out).toString("utf8");
}

describe("a page answering a post with a form's errors", () => {
  const page = `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"/><title>Create an account - Touchstone</title></head><body><svg><title>Logo</title></svg><p>é</p></body></html>`;

  it("starts its title with Error: once, and is otherwise the same page", async () => {
    expect(await through([page])).toBe(page.replace("<title>Create", "<title>Error: Create"));
  });

  it("does so however the page is cut into pieces, even inside the title's tag or a character", async () => {
    const expected = page.replace("<title>Create", "<title>Error: Create");
    const bytes = Buffer.from(page);
    for (let cut = 1; cut < bytes.length; cut += 7) {
      const pieces = [bytes.subarray(0, cut), bytes.subarray(cut, cut + 3), bytes.subarray(cut + 3)];
      const out: Buffer[] = [];
      for await (const chunk of Readable.from(pieces).pipe(prefixFirstTitle())) out.push(chunk as Buffer);
      expect(Buffer.concat(out).toString("utf8"), `cut at ${cut}`).toBe(expected);
    }
  });

  it("passes a page without a title through unchanged, to its last byte", async () => {
    expect(await through(["<html><body>", "short", "<ti"])).toBe("<html><body>short<ti");
  });
});

describe("which answers show errors", () => {
  const reply = (errors: unknown, status = "error") => ({ "routes/auth.sign-up": { form: "sign-up", status, errors, values: null } });

  it("an answer refusing the form with messages", () => {
    expect(showsFormErrors(reply({ email: ["Enter your email address"] }))).toBe(true);
    expect(showsFormErrors({ root: null, ...reply({ form: ["This meeting is full"] }) })).toBe(true);
  });

  it("not a success, an answer without messages, or no answer", () => {
    expect(showsFormErrors(reply(null, "success"))).toBe(false);
    expect(showsFormErrors(reply({ email: [] }))).toBe(false);
    expect(showsFormErrors(null)).toBe(false);
    expect(showsFormErrors({ "routes/x": "a string" })).toBe(false);
  });
});

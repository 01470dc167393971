import http from "node:http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { addDays, londonToday } from "#app/utils/dates";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "./helpers/app-server";
import { createProposal } from "./helpers/consultations";
import { postForm, signedInUser, uniqueEmail } from "./helpers/factories";

// Every form is read by the one action pipeline, which reads it with a limit: 1 MB for an
// ordinary form, the file's limit plus 1 MB for an upload. What a person (or a client) notices:
// a body too large is answered 413 with the form's own error, without the server waiting for
// (or holding) the rest of it; a body that is not a form is answered 400, never 500.

let server: TestServer;
beforeAll(async () => {
  // Many posts to sign-in here: the rate limit is tested elsewhere.
  server = await startTestServer({ RATE_LIMIT_AUTH_MAX: "1000" });
});
afterAll(() => server.close());

const MB = 1024 * 1024;
const TOO_MUCH = "This is too much to send in one go (more than 1 MB)";
const UNREADABLE = "This form could not be read: reload the page and try again";
const text = async (r: Response) => (await r.text()).replaceAll("&#x27;", "'");

type Answer = { status: number; body: string };

/**
 * Posts a body that never ends: `first`, then `filler` chunk after chunk, until the server
 * answers or `maxBytes` are sent (then it waits, still open). Without a Content-Length header the
 * body goes chunked. A server that read the whole body before answering would never answer.
 */
function postWithoutEnd(path: string, headers: Record<string, string>, first: string, filler: Buffer, maxBytes: number): Promise<Answer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const request = http.request(`${server.url}${path}`, { method: "POST", headers });
    const timer = setTimeout(() => {
      request.destroy();
      reject(new Error(`no answer after ${sent} bytes sent`));
    }, 10_000);
    request.on("response", (response) => {
      answered = true;
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("end", () => {
        clearTimeout(timer);
        request.destroy();
        resolve({ status: response.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") });
      });
    });
    request.on("error", (error) => {
      if (!answered) reject(error);
    });
    const write = (chunk: Buffer | string) => {
      sent += Buffer.byteLength(chunk);
      return request.write(chunk);
    };
    write(first);
    const pump = () => {
      while (!answered && sent < maxBytes) if (!write(filler)) return void request.once("drain", pump);
    };
    pump();
  });
}

const signIn = { "Content-Type": "application/x-www-form-urlencoded" };
const filler = Buffer.alloc(64 * 1024, "a");

describe("a form body too large to read", () => {
  it("is refused with 413 on the sign-in page as soon as it says it is 60 MB, before any of it is read", async () => {
    const answer = await postWithoutEnd("/auth/sign-in", { ...signIn, "Content-Length": String(60 * MB) }, "email=a%40b.test&password=", filler, 2 * MB);
    expect(answer.status).toBe(413);
    // The sign-in page, with the reason in its error summary.
    expect(answer.body).toContain("There is a problem");
    expect(answer.body).toContain(TOO_MUCH);
  });

  it("is refused once a chunked body (no Content-Length) passes 1 MB, without waiting for its end", async () => {
    const answer = await postWithoutEnd("/auth/sign-in", signIn, "email=a%40b.test&password=", filler, 8 * MB);
    expect(answer.status).toBe(413);
    expect(answer.body).toContain(TOO_MUCH);
  });

  it("saves a long proposal (25 sections of 19,000 characters), and refuses one over 1 MB in the editor's own error summary, saving nothing", async () => {
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const draft = (title: string, sections: number) => ({
      intent: "save",
      title,
      summary: "A long strategy.",
      audience: "PUBLIC",
      opensDate: addDays(londonToday(), 2),
      opensTime: "09:00",
      closesDate: addDays(londonToday(), 30),
      closesTime: "17:00",
      number: Array.from({ length: sections }, (_, i) => String(i + 1)),
      heading: Array.from({ length: sections }, (_, i) => `Part ${i + 1}`),
      body: Array.from({ length: sections }, () => "We will open a crisis café. ".repeat(680)),
    });
    const long = `Long ${uniqueEmail()}`;
    expect((await postForm(`${server.url}/manage/proposals/new`, draft(long, 25), commissioner.cookie)).status).toBe(302);
    expect(await db.proposal.count({ where: { title: long } })).toBe(1);

    const tooLong = `Too long ${uniqueEmail()}`;
    // Without JavaScript: the editor page, its error summary saying why.
    const page = await postForm(`${server.url}/manage/proposals/new`, draft(tooLong, 50), commissioner.cookie);
    expect(page.status).toBe(413);
    const html = await text(page);
    expect(html).toContain("Create a proposal");
    expect(html).toMatch(new RegExp(`nhsuk-error-summary.*${TOO_MUCH.replace(/[()]/g, "\\$&")}`, "s"));
    // With JavaScript: the reply names the editor's form, so the message shows there too.
    const data = await postForm(
      `${server.url}/manage/proposals/new?_data=${encodeURIComponent("routes/manage+/proposals.new")}`,
      draft(tooLong, 50),
      commissioner.cookie,
    );
    expect(data.status).toBe(413);
    expect(await data.json()).toMatchObject({ form: "editor", status: "error", errors: { form: [expect.stringContaining(TOO_MUCH)] } });
    expect(await db.proposal.count({ where: { title: tooLong } })).toBe(0);
  });

  it("is refused when it carries more than 1,000 fields, however small", async () => {
    const body = Array.from({ length: 1001 }, (_, i) => `f${i}=x`).join("&");
    const response = await fetch(`${server.url}/auth/sign-in`, { method: "POST", headers: signIn, body });
    expect(response.status).toBe(413);
    expect(await text(response)).toContain(TOO_MUCH);
  });
});

describe("an upload too large to read", () => {
  async function importPage() {
    const { proposal } = await createProposal({ status: "CLOSED", closesAt: new Date(Date.now() - 3_600_000) });
    const commissioner = await signedInUser({ roles: ["COMMISSIONER"] });
    const url = `${server.url}/manage/proposals/${proposal.slug}/analysis/import`;
    const imported = () => db.comment.count({ where: { proposalId: proposal.id, channel: { not: "PLATFORM" } } });
    return { url, path: new URL(url).pathname, cookie: commissioner.cookie, imported };
  }
  const csv = "text,name,organisation,stakeholder type,section,date,channel,consent\nHello,,,carer,,2026-10-01,email,\n";
  const multipart = (boundary: string, parts: string[]) => parts.map((part) => `--${boundary}\r\n${part}\r\n`).join("") + `--${boundary}--\r\n`;
  const field = (name: string, value: string) => `Content-Disposition: form-data; name="${name}"\r\n\r\n${value}`;
  const file = (content: string) => `Content-Disposition: form-data; name="file"; filename="responses.csv"\r\nContent-Type: text/csv\r\n\r\n${content}`;

  it("says the file is too large (413) when the file is over its 2 MB, and imports nothing", async () => {
    const { url, cookie, imported } = await importPage();
    const body = new FormData();
    body.append("file", new Blob([csv, "x".repeat(2 * MB)], { type: "text/csv" }), "responses.csv");
    const response = await fetch(url, { method: "POST", body, headers: { Cookie: cookie } });
    expect(response.status).toBe(413);
    expect(await text(response)).toContain("The file must be 2 MB or smaller");
    expect(await imported()).toBe(0);
  });

  it("refuses a multipart body that says it is larger than the file's limit and a form's before reading it", async () => {
    const { path, cookie } = await importPage();
    const boundary = "x-boundary";
    const answer = await postWithoutEnd(
      path,
      { "Content-Type": `multipart/form-data; boundary=${boundary}`, "Content-Length": String(60 * MB), Cookie: cookie },
      `--${boundary}\r\n${file("")}`,
      filler,
      2 * MB,
    );
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("The file must be 2 MB or smaller");
  });

  it("refuses a chunked multipart body once it passes the file's limit and a form's, however its parts are cut", async () => {
    const { path, cookie } = await importPage();
    const boundary = "x-boundary";
    // Many text parts of 64 KB: each under the per-part limit, together without end.
    const part = Buffer.from(`${field("note", "y".repeat(64 * 1024))}\r\n--${boundary}\r\n`);
    const answer = await postWithoutEnd(
      path,
      { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: cookie },
      `--${boundary}\r\n`,
      part,
      16 * MB,
    );
    expect(answer.status).toBe(413);
    expect(answer.body).toContain("The file must be 2 MB or smaller");
  });

  it("refuses a multipart body of more than 1,000 parts, and imports nothing", async () => {
    const { url, cookie, imported } = await importPage();
    const boundary = "x-boundary";
    const parts = [...Array.from({ length: 1000 }, (_, i) => field(`f${i}`, "x")), file(csv)];
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": `multipart/form-data; boundary=${boundary}`, Cookie: cookie },
      body: multipart(boundary, parts),
    });
    expect(response.status).toBe(413);
    expect(await imported()).toBe(0);
  });

  it("answers a broken multipart body with the form's 400, and imports nothing", async () => {
    const { url, cookie, imported } = await importPage();
    for (const [contentType, body] of [
      ["multipart/form-data; boundary=x-boundary", `--x-boundary\r\n${file(csv)}`],
      ["multipart/form-data; boundary=x-boundary", "not a multipart body at all"],
      ["multipart/form-data", multipart("x-boundary", [file(csv)])],
    ]) {
      const response = await fetch(url, { method: "POST", headers: { "Content-Type": contentType, Cookie: cookie }, body });
      expect(response.status, `${contentType}: ${body.slice(0, 30)}`).toBe(400);
      expect(await text(response)).toContain(UNREADABLE);
    }
    expect(await imported()).toBe(0);
  });
});

describe("a body that is not a form", () => {
  it.each([
    ["JSON", "application/json", JSON.stringify({ email: "a@b.test", password: "x" })],
    ["plain text", "text/plain", "email=a@b.test\r\npassword=x"],
    ["a broken multipart body", "multipart/form-data; boundary=x-boundary", "--x-boundary\r\nContent-Disposition: form-data; name=email\r\n\r\na@b.test"],
    ["multipart without a boundary", "multipart/form-data", "email=a@b.test"],
    ["no type at all", "", "email=a@b.test&password=x"],
  ])("%s posted to sign-in gets the sign-in page's 400 with a clear message, not a server error", async (_label, contentType, body) => {
    const response = await fetch(`${server.url}/auth/sign-in`, {
      method: "POST",
      headers: contentType ? { "Content-Type": contentType } : {},
      body: new TextEncoder().encode(body),
    });
    expect(response.status).toBe(400);
    const html = await text(response);
    expect(html).toContain("Sign in");
    expect(html).toContain(UNREADABLE);
  });
});

describe("a form holding a NUL byte", () => {
  it("is refused with the form's 400, not a database error, and nothing is saved", async () => {
    const { proposal } = await createProposal();
    const reader = await signedInUser();
    const response = await postForm(`${server.url}/proposals/${proposal.slug}`, { intent: "comment", body: "Open it\u0000 later" }, reader.cookie);
    expect(response.status).toBe(400);
    expect(await text(response)).toContain("This form holds a character that cannot be saved (a NUL byte)");
    expect(await db.comment.count({ where: { proposalId: proposal.id } })).toBe(0);
  });
});

describe("a body the server answers without reading", () => {
  /** One request on a kept-alive connection; fails if no answer comes within 3 seconds. */
  function send(agent: http.Agent, method: string, path: string, body?: Buffer, headers: Record<string, string> = {}) {
    return new Promise<number>((resolve, reject) => {
      const request = http.request(`${server.url}${path}`, {
        method,
        agent,
        headers: { ...headers, ...(body ? { "Content-Length": String(body.length) } : {}) },
      });
      const timer = setTimeout(() => reject(new Error(`no answer to ${method} ${path}`)), 3000);
      request.on("response", (response) => {
        response.resume();
        response.on("end", () => (clearTimeout(timer), resolve(response.statusCode ?? 0)));
      });
      request.on("error", (error) => (clearTimeout(timer), reject(error)));
      request.end(body);
    });
  }

  it.each([
    ["a page without a form (405)", "/accessibility", "application/x-www-form-urlencoded", 405],
    ["a form that needs signing in (redirect)", "/manage/proposals/new", "application/x-www-form-urlencoded", 302],
    ["a form, as JSON (400)", "/auth/sign-in", "application/json", 400],
    ["a form, too large (413)", "/auth/sign-in", "application/x-www-form-urlencoded", 413],
  ])("leaves the connection ready for the browser's next request: %s", async (_label, path, contentType, status) => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      expect(await send(agent, "POST", path, Buffer.alloc(3 * MB, "a"), { "Content-Type": contentType })).toBe(status);
      expect(await send(agent, "GET", "/accessibility")).toBe(200);
    } finally {
      agent.destroy();
    }
  });
});

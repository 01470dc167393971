import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OWN_ENVIRONMENT } from "../vitest.config";

// The shape every feature follows (docs/feature-anatomy.md), checked over the source so that a
// new route or command cannot quietly bring back a second way of doing a thing. ESLint checks
// the import boundaries; these are the patterns a linter rule would not name as clearly.
const root = path.resolve(import.meta.dirname, "..");

function sources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(root, relative)).isDirectory()) return name === "generated" ? [] : sources(relative);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [relative] : [];
  });
}

function testSources(dir: string): string[] {
  return readdirSync(path.join(root, dir)).flatMap((name) => {
    const relative = path.join(dir, name);
    if (statSync(path.join(root, relative)).isDirectory()) return ["e2e", "bench", "generated"].includes(name) ? [] : testSources(relative);
    return /\.test\.tsx?$/.test(name) ? [relative] : [];
  });
}

const app = sources("app");
const routes = app.filter((file) => file.startsWith("app/routes/"));
const read = (file: string) => readFileSync(path.join(root, file), "utf8");
const offending = (files: string[], pattern: RegExp) => files.filter((file) => pattern.test(read(file)));

describe("one shape for every feature", () => {
  it("answers every form through the one pipeline: no hand-read action data, no casts", () => {
    expect(offending(routes, /useActionData/)).toEqual([]);
    expect(offending(app, /as FieldErrors/)).toEqual([]);
    expect(offending(routes, /\bparseForm\(/)).toEqual([]);
    expect(offending(routes, /export (async )?function action/)).toEqual([]);
  });

  it("draws and stores every secret token one way, so none is kept readable", () => {
    // Hashing with SHA-256 or drawing URL-safe random text outside app/utils/secret-tokens.server.ts
    // would be a second way (and a way to forget the hash).
    const ownTokens = /createHash\("sha256"\)\.update\(\w*[Tt]oken\)|randomBytes\(\d+\)\.toString\("base64url"\)/;
    expect(offending(app, ownTokens).filter((file) => file !== "app/utils/secret-tokens.server.ts")).toEqual([]);
  });

  it("reads every posted body in one place, app/utils/form-bodies.server.ts, which limits its size", () => {
    // Any other reader (request.formData(), .json(), .text(), a multipart parser) would read a body of any size.
    const readsABody = /\brequest\.(formData|json|text|arrayBuffer|blob)\(|parseMultipartFormData|\bbody\.getReader\(/;
    expect(offending([...app, ...sources("server")], readsABody).filter((file) => file !== "app/utils/form-bodies.server.ts")).toEqual([]);
  });

  it("reads every date and time from a form one way, so a date not on the calendar is refused everywhere", () => {
    // A pattern of its own for a date (four digits, two, two) would let 30 February through, read as 2 March.
    const ownDatePattern = /\\d\{4\}-\\d\{2\}-\\d\{2\}|\):\[0-5\]\\d/;
    expect(offending(app, ownDatePattern).filter((file) => file !== "app/utils/date-time-fields.ts")).toEqual([]);
  });

  it("keeps the database out of routes", () => {
    expect(offending(routes, /utils\/db\.server/)).toEqual([]);
  });

  it("has one result type for commands", () => {
    const ownResultType = /^(export )?type \w*(Ok|Result)\b[^=]*= *(\{ ok|[^;]*\| *\{ ok: false)/m;
    expect(offending(app, ownResultType).filter((file) => file !== "app/utils/results.ts")).toEqual([]);
    expect(offending(app, /\{ ok: true[^}]*\} \| Failure/)).toEqual([]);
  });

  it("names roles only in the permission table: everything else asks for a permission", () => {
    const roleLiteral = /["'](ADMIN|COMMISSIONER|FORUM_OFFICER|FORUM_MEMBER|BOARD_SECRETARY)["']/;
    expect(offending(app, roleLiteral).filter((file) => !ROLE_DATA.includes(file))).toEqual([]);
  });
});

// Where a role is data, not a check: the permission table itself, the first administrator being
// made one, and a verified Forum membership granting (and an ended one removing) the member role.
const ROLE_DATA = ["app/utils/permissions.ts", "app/features/accounts/first-administrator.server.ts", "app/features/forum/membership.server.ts"];

describe("the test suite", () => {
  it("gives every test file that sets the environment a process of its own", () => {
    // Other files share their worker's loaded modules, and the app reads the environment once:
    // a file setting it there would change it for whichever files come after, in that worker only.
    const testFiles = ["app", "server", "test", "prisma"].flatMap(testSources);
    const setsTheEnvironment = /process\.env\.\w+ *(\?\?|\|\|)?= *[^=]|process\.env\[[^\]]+\] *=[^=]|delete process\.env|vi\.stubEnv|strict-flood-limits/;
    const thisRule = "test/house-rules.test.ts";
    expect(
      offending(testFiles, setsTheEnvironment)
        .filter((file) => file !== thisRule)
        .sort(),
    ).toEqual([...OWN_ENVIRONMENT].sort());
  });
});

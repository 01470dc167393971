import crypto from "node:crypto";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "#app/utils/db.server";
import { startTestServer, type TestServer } from "./helpers/app-server";
import { createProposal } from "./helpers/consultations";
import { signedInUser } from "./helpers/factories";
import { inBatches } from "./helpers/in-batches";
import { createMeeting } from "./helpers/meetings";

// Whatever someone types into the address bar, a page answers it: it ignores a query parameter it
// cannot use, or answers 400 or 404, never 500. This test opens every page of the built app (a
// new page is covered without changing it) with every query parameter any page reads set to
// values no form would send: too long, not a number, a number too large for the database, a NUL
// byte, broken percent-encoding, repeated. Then it opens every page with such values in its path
// parameters, and posts to every page that has a form with them.

let server: TestServer;
let cookie: string;
let params: Record<string, string>;

/** Every query parameter a page reads (loaders and components). */
const QUERY_NAMES = [
  ...["version", "sort", "section", "type", "stance", "cursor", "target", "reply", "edit", "report", "moderate", "posted", "support", "pending"],
  ...["replies", "suggest", "done", "created", "token", "email", "status", "confirm", "q", "page", "paragraph", "stakeholder", "channel"],
  ...["theme", "untagged", "from", "to", "before", "undelivered", "redirectTo"],
];

const BAD_VALUES: [string, string][] = [
  ["longer than any page takes", "x".repeat(1000)],
  ["a number too large for the database", "99999999999999999999"],
  ["not a whole number", "1.5"],
  ["infinite", "1e400"],
  ["negative", "-1"],
  ["a NUL byte", "%00"],
  ["broken percent-encoding", "%E0%A4%A"],
  ["a colon only (section:paragraph)", "%3A"],
];

beforeAll(async () => {
  server = await startTestServer();
  // One person who may open every page, so each page gets as far as reading its parameters.
  const everyone = await signedInUser({ roles: ["ADMIN", "COMMISSIONER", "FORUM_OFFICER", "FORUM_MEMBER", "BOARD_SECRETARY"] });
  cookie = everyone.cookie;
  const { proposal } = await createProposal();
  const comment = await db.comment.create({
    data: { proposalId: proposal.id, versionId: proposal.versions[0].id, authorId: everyone.user.id, body: "A comment" },
  });
  const meeting = await createMeeting();
  const room = await db.forumRoom.create({ data: { slug: `room-${crypto.randomUUID().slice(0, 8)}`, name: "Open room", description: "For everyone" } });
  params = { slug: proposal.slug, commentId: comment.id, token: "no-such-token", emailId: "no-such-email", userId: everyone.user.id };
  meetingSlug = meeting.slug;
  roomSlug = room.slug;
}, 60_000);
afterAll(() => server.close());

let meetingSlug: string;
let roomSlug: string;

/** Every route of the built app with a loader or an action, as a path pattern. */
async function routesOfBuild() {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const fullPath = (id: string): string => {
    const route = build.routes[id]!;
    const own = route.index ? "" : (route.path ?? "");
    return route.parentId ? `${fullPath(route.parentId)}/${own}`.replace(/\/+/g, "/") : `/${own}`;
  };
  return Object.values(build.routes)
    .filter((route) => route.module.loader || route.module.action)
    .map((route) => ({ id: route.id, pattern: fullPath(route.id).replace(/\/$/, "") || "/", action: !!route.module.action, loader: !!route.module.loader }));
}

/** The pattern with real values where the fixture has them, so the page gets past its lookups. */
function filled(pattern: string): string {
  const section = pattern.split("/")[1];
  const slug = section === "meetings" ? meetingSlug : section === "forum" ? roomSlug : params.slug;
  return pattern.replace(/:(\w+)/g, (_, name: string) => (name === "slug" ? slug : (params[name] ?? "none"))).replace("*", "no-such-page");
}

async function serverErrors(requests: { label: string; url: string; init?: RequestInit }[]): Promise<string[]> {
  const failures: string[] = [];
  await inBatches(requests, 8, async ({ label, url, init }) => {
    const response = await fetch(`${server.url}${url}`, { redirect: "manual", ...init, headers: { Cookie: cookie, ...init?.headers } });
    await response.arrayBuffer();
    if (response.status >= 500) failures.push(`${response.status} ${init?.method ?? "GET"} ${url.slice(0, 160)} (${label})`);
  });
  return failures.sort();
}

describe("bad values in the address", () => {
  it("in query parameters: every page answers, none with a server error", async () => {
    const routes = (await routesOfBuild()).filter((route) => route.loader);
    expect(routes.length).toBeGreaterThan(50);
    // As many parameters an address as fit in 8 KB: Node refuses a much longer one (431) before any page sees it.
    const groups = (value: string) => {
      const size = Math.max(1, Math.floor(8000 / (value.length + 12)));
      return Array.from({ length: Math.ceil(QUERY_NAMES.length / size) }, (_, i) => QUERY_NAMES.slice(i * size, (i + 1) * size));
    };
    const requests = routes.flatMap((route) => {
      const base = filled(route.pattern);
      return [
        ...BAD_VALUES.flatMap(([label, value]) =>
          groups(value).map((names) => ({ label, url: `${base}?${names.map((name) => `${name}=${value}`).join("&")}` })),
        ),
        { label: "each given twice", url: `${base}?${QUERY_NAMES.map((name) => `${name}=1&${name}=2`).join("&")}` },
      ];
    });
    expect(await serverErrors(requests)).toEqual([]);
  }, 600_000);

  it("in path parameters: every page and every form answers, none with a server error", async () => {
    const routes = (await routesOfBuild()).filter((route) => route.pattern.includes(":"));
    expect(routes.length).toBeGreaterThan(30);
    const requests = routes.flatMap((route) =>
      BAD_VALUES.flatMap(([label, value]) => {
        const url = route.pattern.replace(/:(\w+)/g, value);
        return [
          ...(route.loader ? [{ label, url }] : []),
          ...(route.action
            ? [
                {
                  label,
                  url,
                  init: { method: "POST", body: new URLSearchParams({ intent: "x" }), headers: { "Content-Type": "application/x-www-form-urlencoded" } },
                },
              ]
            : []),
        ];
      }),
    );
    expect(await serverErrors(requests)).toEqual([]);
  }, 600_000);
});

// npm run bench:thread — the proposal page of a discussion with 5,000 comments (with replies)
// and of a copy of it with 50,000, fetched at 20 connections, signed out and signed in.
// Prints: ROUND <n> <kind>=<p95>ms/<rps>rps ... (each round's figures)
//         RESULT thread comments=5000 p95_ms=<n> rps=<n> signed_in_p95_ms=<n> signed_in_rps=<n>
//         ratio=<signed_in_rps/rps> html_kb=<first page, uncompressed> p95_50k_ms=<n> growth_50k=<p95_50k_ms/p95_ms> ...
// Every figure compared with another is taken in the same rounds: each round fetches every kind
// of page in turn for ROUND_SECONDS (the order turning each round), and each figure pools its
// rounds. Taken one after another instead, a minute apart, the 5,000-comment page measured
// after the 50,000 one was as slow as it (ADR 043): on this shared machine the drift between
// runs was larger than any difference between the pages.
// The figures are taken as autocannon asks, for the page uncompressed. A browser always
// asks for it compressed, which costs the server more than the rest of serving it from memory
// (ADR 036), so the two 5,000-comment runs are repeated as Chrome asks (browser_*).
import http from "node:http";
import autocannon from "autocannon";
import { inTurn, percentile, signInCookie, startBenchServer } from "./bench-server";

const ROUNDS = Number(process.env.ROUNDS ?? 8);
const ROUND_SECONDS = Number(process.env.ROUND_SECONDS ?? 2);
const SLUG = "mental-health-commissioning-arrangements";
const server = await startBenchServer("touchstone_bench_thread");
type Db = typeof server.db;

/** A copy of a proposal as readers see it (its text, meeting and timetable), under another slug, without its comments. */
async function copyProposal(db: Db, slug: string, newSlug: string) {
  const { id, versions, meetings, approvalStages, ...proposal } = await db.proposal.findUniqueOrThrow({
    where: { slug },
    include: { versions: { include: { sections: true } }, meetings: true, approvalStages: true },
  });
  return db.proposal.create({
    data: {
      ...proposal,
      slug: newSlug,
      versions: {
        create: versions.map(({ id: _id, proposalId: _p, sections, ...version }) => ({
          ...version,
          sections: { create: sections.map(({ id: _s, versionId: _v, ...section }) => section) },
        })),
      },
      meetings: {
        create: meetings.map(({ id: _id, proposalId: _p, slug: meetingSlug, accessNeedsSummary: _a, ...meeting }) => ({
          ...meeting,
          slug: `${meetingSlug}-copy`,
        })),
      },
      approvalStages: { create: approvalStages.map(({ id: _id, proposalId: _p, proposalVersionId: _v, ...stage }) => stage) },
    },
    include: { versions: { include: { sections: true } } },
  });
}

/**
 * Adds `top` comments and `replies` replies to a proposal's discussion, in the order written
 * (comment i is `${prefix}-top-${i}`): the first 3,500 and 1,500 as on the 5,000-comment page,
 * the first 300 with five replies each; beyond that, three replies each.
 */
type Thread = { id: string; versions: { id: string; sections: { id: string }[] }[] };
async function addComments(db: Db, proposal: Thread, prefix: string, top: number, replies: number) {
  const users = await db.user.findMany({ select: { id: true } });
  const [version] = proposal.versions;
  const base = Date.now() - 500_000_000;
  const FIRST_TOP = 3500;
  const FIRST_REPLIES = 1500;
  for (let start = 0; start < top; start += 5000) {
    await db.comment.createMany({
      data: Array.from({ length: Math.min(5000, top - start) }, (_, j) => {
        const i = start + j;
        return {
          id: `${prefix}-top-${i}`,
          proposalId: proposal.id,
          versionId: version.id,
          sectionId: i % 3 === 0 ? null : version.sections[i % version.sections.length].id,
          authorId: users[i % users.length].id,
          body: `Comment ${i}: I think the **Board** should meet more often, and the Forum needs support to take part. See section ${i % 14}.`,
          stance: (["SUPPORT", "CONCERN", "QUESTION", "SUGGESTION"] as const)[i % 4],
          agreeCount: i % 11,
          replyCount: i < FIRST_REPLIES / 5 ? 5 : i >= FIRST_TOP && i < FIRST_TOP + (replies - FIRST_REPLIES) / 3 ? 3 : 0,
          createdAt: new Date(base + i * 1000),
        };
      }),
    });
  }
  for (let start = 0; start < replies; start += 5000) {
    await db.comment.createMany({
      data: Array.from({ length: Math.min(5000, replies - start) }, (_, j) => {
        const i = start + j;
        const parent = i < FIRST_REPLIES ? Math.floor(i / 5) : FIRST_TOP + Math.floor((i - FIRST_REPLIES) / 3);
        return {
          proposalId: proposal.id,
          versionId: version.id,
          parentId: `${prefix}-top-${parent}`,
          depth: 1,
          authorId: users[(i + 1) % users.length].id,
          body: `Reply ${i}: agreed, with a caveat.`,
          createdAt: new Date(base + (top + i) * 1000),
        };
      }),
    });
  }
}

type Run = { latencies: number[]; requests: number; seconds: number };
const run = (url: string, headers: Record<string, string>, seconds: number) =>
  new Promise<Run>((resolve, reject) => {
    const latencies: number[] = [];
    const instance = autocannon({ url, connections: 20, duration: seconds, headers }, (error, result) => {
      if (error) return reject(error);
      if (result.non2xx) return reject(new Error(`${result.non2xx} non-2xx responses from ${url}`));
      resolve({ latencies, requests: result.requests.total, seconds });
    });
    instance.on("response", (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
  });

try {
  const small = await server.db.proposal.findUniqueOrThrow({ where: { slug: SLUG }, include: { versions: { include: { sections: true } } } });
  const large = await copyProposal(server.db, SLUG, `${SLUG}-50k`);
  await addComments(server.db, small, "bench", 3500, 1500);
  await addComments(server.db, large, "bench50k", 35_000, 15_000);
  // As autovacuum would soon after a bulk load: measured on settled tables, not during their maintenance.
  await server.db.$executeRawUnsafe(`VACUUM ANALYZE "Comment"`);
  const count = await server.db.comment.count({ where: { proposalId: small.id } });
  const count50k = await server.db.comment.count({ where: { proposalId: large.id } });

  // Signed-in readers get the shared render with their own state laid over it (ADR 020):
  // this one has agreed with a comment on the first page of each and wrote others.
  const member = await server.db.user.findUniqueOrThrow({ where: { email: "member@example.org" }, select: { id: true } });
  await server.db.commentAgree.createMany({ data: ["bench-top-1", "bench50k-top-1"].map((commentId) => ({ commentId, userId: member.id })) });
  const cookie = await signInCookie(server.url, "member@example.org");
  const browser = { "accept-encoding": "gzip, deflate, br, zstd" };
  const url = `${server.url}/proposals/${SLUG}?sort=oldest`;
  const url50k = `${server.url}/proposals/${SLUG}-50k?sort=oldest`;
  type Kind = "signedOut" | "signedOut50k" | "signedIn" | "signedIn50k" | "browser" | "browserSignedIn";
  const kinds: Record<Kind, [string, Record<string, string>]> = {
    signedOut: [url, {}],
    signedOut50k: [url50k, {}],
    signedIn: [url, { cookie }],
    signedIn50k: [url50k, { cookie }],
    browser: [url, browser],
    browserSignedIn: [url, { cookie, ...browser }],
  };
  const measure = (kind: Kind, seconds: number) => run(kinds[kind][0], kinds[kind][1], seconds);

  const kb = async (target: string, headers: Record<string, string> = {}) =>
    Math.round((await (await fetch(target, { headers })).arrayBuffer()).byteLength / 102.4) / 10;
  const [htmlKb, signedInHtmlKb, htmlKb50k] = [await kb(url), await kb(url, { cookie }), await kb(url50k)];
  // How the signed-in page is served: "shared" is one render per kind of reader (ADR 024).
  const served = async (target: string) => (await fetch(target, { headers: { cookie } })).headers.get("x-page-cache") ?? "rendered";
  const signedInServed = [await served(url), await served(url50k)].join("/");
  // The bytes as sent (fetch would decompress them), from the cache as a returning visitor gets them.
  const sentKb = (headers: Record<string, string>) =>
    new Promise<string>((resolve, reject) =>
      http
        .get(url, { headers: { ...headers, ...browser } }, (response) => {
          let bytes = 0;
          response.on("data", (chunk: Buffer) => (bytes += chunk.length));
          response.on("end", () => resolve(`${response.headers["content-encoding"] ?? "none"}:${Math.round(bytes / 102.4) / 10}`));
        })
        .on("error", reject),
    );
  await sentKb({}); // may be the render that refreshes the cached page
  const [browserKb, browserSignedInKb] = [await sentKb({}), await sentKb({ cookie })];

  const order = Object.keys(kinds) as Kind[];
  for (const kind of order) await measure(kind, 3); // warm-up
  const runs = Object.fromEntries(order.map((kind) => [kind, [] as Run[]])) as Record<Kind, Run[]>;
  for (let round = 0; round < ROUNDS; round++) {
    for (const kind of inTurn(order, round)) {
      runs[kind].push(await measure(kind, ROUND_SECONDS));
    }
    const line = order.map((kind) => {
      const { latencies, requests, seconds } = runs[kind][round];
      return `${kind}=${Math.round(percentile(latencies, 0.95) * 10) / 10}ms/${Math.round(requests / seconds)}rps`;
    });
    console.log(`ROUND ${round + 1} ${line.join(" ")}`);
  }
  const figures = Object.fromEntries(
    order.map((kind) => [
      kind,
      {
        p95:
          Math.round(
            percentile(
              runs[kind].flatMap((r) => r.latencies),
              0.95,
            ) * 10,
          ) / 10,
        rps: Math.round(runs[kind].reduce((sum, r) => sum + r.requests, 0) / runs[kind].reduce((sum, r) => sum + r.seconds, 0)),
      },
    ]),
  ) as Record<Kind, { p95: number; rps: number }>;
  const { signedOut, signedOut50k, signedIn, signedIn50k, browser: browserOut, browserSignedIn } = figures;

  console.log(
    `RESULT thread comments=${count} p95_ms=${signedOut.p95} rps=${signedOut.rps} signed_in_p95_ms=${signedIn.p95} signed_in_rps=${signedIn.rps} ratio=${(signedIn.rps / signedOut.rps).toFixed(2)} html_kb=${htmlKb} signed_in_html_kb=${signedInHtmlKb} comments_50k=${count50k} p95_50k_ms=${signedOut50k.p95} growth_50k=${(signedOut50k.p95 / signedOut.p95).toFixed(2)} rps_50k=${signedOut50k.rps} html_kb_50k=${htmlKb50k} signed_in_p95_50k_ms=${signedIn50k.p95} signed_in_rps_50k=${signedIn50k.rps} signed_in_growth_50k=${(signedIn50k.p95 / signedIn.p95).toFixed(2)} signed_in_served=${signedInServed} browser_p95_ms=${browserOut.p95} browser_rps=${browserOut.rps} browser_signed_in_p95_ms=${browserSignedIn.p95} browser_signed_in_rps=${browserSignedIn.rps} browser_ratio=${(browserSignedIn.rps / browserOut.rps).toFixed(2)} browser_sent_kb=${browserKb} browser_signed_in_sent_kb=${browserSignedInKb} rounds=${ROUNDS}x${ROUND_SECONDS}s`,
  );
} finally {
  await server.stop();
}

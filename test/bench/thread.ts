// npm run bench:thread — the proposal page of a discussion with 5,000 comments (with
// replies), fetched at 20 connections, signed out and signed in, then again at 50,000 comments,
// then signed out at 5,000 again (p95_5k_after_ms; growth_50k = p95_50k_ms / that).
// Prints: RESULT thread comments=5000 p95_ms=<n> rps=<n> signed_in_p95_ms=<n> signed_in_rps=<n>
//         ratio=<signed_in_rps/rps> html_kb=<first page, uncompressed> p95_50k_ms=<n> ...
// The figures are taken as autocannon asks, for the page uncompressed. A browser always
// asks for it compressed, which costs the server more than the rest of serving it from memory
// (ADR 036), so the same two runs are repeated as Chrome asks (browser_*).
import http from "node:http";
import autocannon from "autocannon";
import { percentile, signInCookie, startBenchServer } from "./bench-server";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const server = await startBenchServer("touchstone_bench_thread");
try {
  const proposal = await server.db.proposal.findUniqueOrThrow({
    where: { slug: "mental-health-commissioning-arrangements" },
    include: { versions: { include: { sections: true } } },
  });
  const users = await server.db.user.findMany({ select: { id: true } });
  const sections = proposal.versions[0].sections;
  const base = Date.now() - 5_000_000;
  const TOP = 3500;
  await server.db.comment.createMany({
    data: Array.from({ length: TOP }, (_, i) => ({
      id: `bench-top-${i}`,
      proposalId: proposal.id,
      versionId: proposal.versions[0].id,
      sectionId: i % 3 === 0 ? null : sections[i % sections.length].id,
      authorId: users[i % users.length].id,
      body: `Comment ${i}: I think the **Board** should meet more often, and the Forum needs support to take part. See section ${i % 14}.`,
      stance: (["SUPPORT", "CONCERN", "QUESTION", "SUGGESTION"] as const)[i % 4],
      agreeCount: i % 11,
      replyCount: i < 300 ? 5 : 0,
      createdAt: new Date(base + i * 1000),
    })),
  });
  await server.db.comment.createMany({
    data: Array.from({ length: 1500 }, (_, i) => ({
      proposalId: proposal.id,
      versionId: proposal.versions[0].id,
      parentId: `bench-top-${Math.floor(i / 5)}`,
      depth: 1,
      authorId: users[(i + 1) % users.length].id,
      body: `Reply ${i}: agreed, with a caveat.`,
      createdAt: new Date(base + TOP * 1000 + i * 1000),
    })),
  });
  const count = await server.db.comment.count({ where: { proposalId: proposal.id } });
  const url = `${server.url}/proposals/${proposal.slug}?sort=oldest`;
  const run = (headers: Record<string, string> = {}, seconds = DURATION_S) =>
    new Promise<{ p95: number; rps: number }>((resolve, reject) => {
      const latencies: number[] = [];
      const instance = autocannon({ url, connections: 20, duration: seconds, headers }, (error, result) => {
        if (error) return reject(error);
        if (result.non2xx) return reject(new Error(`${result.non2xx} non-2xx responses`));
        resolve({ p95: percentile(latencies, 0.95), rps: Math.round(result.requests.average) });
      });
      instance.on("response", (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
    });
  // Signed-in readers get the shared render with their own state laid over it (ADR 020):
  // this one has agreed with a comment on the first page and wrote others.
  const member = await server.db.user.findUniqueOrThrow({ where: { email: "member@example.org" }, select: { id: true } });
  await server.db.commentAgree.create({ data: { commentId: "bench-top-1", userId: member.id } });
  const cookie = await signInCookie(server.url, "member@example.org");
  const kb = async (headers: Record<string, string> = {}) => Math.round((await (await fetch(url, { headers })).arrayBuffer()).byteLength / 102.4) / 10;
  const htmlKb = await kb();
  const signedInHtmlKb = await kb({ cookie });
  // How the signed-in page is served: "shared" is one render per kind of reader (ADR 024).
  const signedInServed = (await fetch(url, { headers: { cookie } })).headers.get("x-page-cache") ?? "rendered";

  await run({}, 3); // warm-up
  await run({ cookie }, 3);
  const result = await run();
  const signedIn = await run({ cookie });
  // As a browser asks: Chrome's Accept-Encoding.
  const browser = { "accept-encoding": "gzip, deflate, br, zstd" };
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
  await run(browser, 3);
  const browserResult = await run(browser);
  await run({ cookie, ...browser }, 3);
  const browserSignedIn = await run({ cookie, ...browser });

  // The same pages with ten times the comments: the cost must not grow with the thread.
  const MORE_TOP = 31_500;
  for (let start = 0; start < MORE_TOP; start += 5000) {
    await server.db.comment.createMany({
      data: Array.from({ length: Math.min(5000, MORE_TOP - start) }, (_, j) => {
        const i = TOP + start + j;
        return {
          id: `bench-top-${i}`,
          proposalId: proposal.id,
          versionId: proposal.versions[0].id,
          sectionId: i % 3 === 0 ? null : sections[i % sections.length].id,
          authorId: users[i % users.length].id,
          body: `Comment ${i}: I think the **Board** should meet more often, and the Forum needs support to take part.`,
          stance: (["SUPPORT", "CONCERN", "QUESTION", "SUGGESTION"] as const)[i % 4],
          agreeCount: i % 11,
          createdAt: new Date(base + i * 1000),
        };
      }),
    });
  }
  await server.db.comment.createMany({
    data: Array.from({ length: 13_500 }, (_, i) => ({
      proposalId: proposal.id,
      versionId: proposal.versions[0].id,
      parentId: `bench-top-${TOP + Math.floor(i / 3)}`,
      depth: 1,
      authorId: users[(i + 1) % users.length].id,
      body: `Reply ${i}: agreed.`,
      createdAt: new Date(base + (TOP + MORE_TOP) * 1000 + i * 1000),
    })),
  });
  /** After rows were written behind the app's back: settle the table and tell the app; the thread's size now. */
  const commentsChanged = async () => {
    // As autovacuum would soon after a bulk change: measured on a settled table, not during its maintenance.
    await server.db.$executeRawUnsafe(`VACUUM ANALYZE "Comment"`);
    // As a new comment's event would.
    await server.publisher.publish(`proposal:${proposal.id}`, "comment:created", {
      commentId: "bench-top-0",
      parentId: null,
      sectionId: null,
      authorId: member.id,
    });
    return server.db.comment.count({ where: { proposalId: proposal.id } });
  };
  const count50k = await commentsChanged();
  // A full-length warm-up: the process has just built 45,000 rows' worth of objects, and the
  // first run after that measured the garbage collector's catching up (8.7 ms, then 7.6 ms again).
  await run();
  const result50k = await run();
  const signedIn50k = await run({ cookie });

  // The 5,000-comment page again, in the state the 50,000 figure was taken in (after this process
  // built and dropped the 45,000 rows' objects): a drift with time shows here too, a cost that
  // grows with the thread does not.
  await server.db.$executeRawUnsafe(
    `DELETE FROM "Comment" WHERE "proposalId" = $1 AND ("parentId" IN (SELECT id FROM "Comment" WHERE id LIKE 'bench-top-%' AND substring(id FROM 11)::int >= $2)
       OR (id LIKE 'bench-top-%' AND substring(id FROM 11)::int >= $2))`,
    proposal.id,
    TOP,
  );
  const countAfter = await commentsChanged();
  if (countAfter !== count) throw new Error(`expected ${count} comments again, found ${countAfter}`);
  await run();
  const resultAfter = await run();

  console.log(
    `RESULT thread comments=${count} p95_ms=${Math.round(result.p95 * 10) / 10} rps=${result.rps} signed_in_p95_ms=${Math.round(signedIn.p95 * 10) / 10} signed_in_rps=${signedIn.rps} ratio=${(signedIn.rps / result.rps).toFixed(2)} html_kb=${htmlKb} signed_in_html_kb=${signedInHtmlKb} comments_50k=${count50k} p95_50k_ms=${Math.round(result50k.p95 * 10) / 10} signed_in_p95_50k_ms=${Math.round(signedIn50k.p95 * 10) / 10} signed_in_rps_50k=${signedIn50k.rps} signed_in_served=${signedInServed} browser_p95_ms=${Math.round(browserResult.p95 * 10) / 10} browser_rps=${browserResult.rps} browser_signed_in_p95_ms=${Math.round(browserSignedIn.p95 * 10) / 10} browser_signed_in_rps=${browserSignedIn.rps} browser_ratio=${(browserSignedIn.rps / browserResult.rps).toFixed(2)} browser_sent_kb=${browserKb} browser_signed_in_sent_kb=${browserSignedInKb} p95_5k_after_ms=${Math.round(resultAfter.p95 * 10) / 10} growth_50k=${(result50k.p95 / resultAfter.p95).toFixed(2)}`,
  );
} finally {
  await server.stop();
}

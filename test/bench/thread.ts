// npm run bench:thread — the proposal page of a discussion with 5,000 comments (with
// replies), fetched at 20 connections. Prints: RESULT thread comments=5000 p95_ms=<n> rps=<n>
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
  const run = (headers: Record<string, string> = {}) =>
    new Promise<{ p95: number; rps: number }>((resolve, reject) => {
      const latencies: number[] = [];
      const instance = autocannon({ url, connections: 20, duration: DURATION_S, headers }, (error, result) => {
        if (error) return reject(error);
        if (result.non2xx) return reject(new Error(`${result.non2xx} non-2xx responses`));
        resolve({ p95: percentile(latencies, 0.95), rps: Math.round(result.requests.average) });
      });
      instance.on("response", (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
    });
  await run(); // warm-up
  const result = await run();
  // Signed-in readers get the page rendered for them (their agrees, their own comments).
  const signedIn = await run({ cookie: await signInCookie(server.url, "member@example.org") });
  console.log(
    `RESULT thread comments=${count} p95_ms=${Math.round(result.p95 * 10) / 10} rps=${result.rps} signed_in_p95_ms=${Math.round(signedIn.p95)} signed_in_rps=${signedIn.rps}`,
  );
} finally {
  await server.stop();
}

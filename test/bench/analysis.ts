// npm run bench:analysis — the feedback analysis workspace of a proposal with 5,000
// comments (a third tagged), fetched by a commissioner at 10 connections; and the theme
// suggestion over all 5,000. Prints:
// RESULT analysis comments=5000 workspace_p95_ms=<n> suggest_ms=<n> suggest_20k_ms=<n>
// (suggest_20k_ms: the same suggester, without the page around it, over 20,000 comments).
import autocannon from "autocannon";
import { suggestThemesFor } from "#app/features/analysis/theme-suggestions";
import { percentile, signInCookie, startBenchServer } from "./bench-server";

const DURATION_S = Number(process.env.BENCH_SECONDS ?? 10);
const COMMENTS = 5000;

// Feedback in many shapes, so the suggestion has real phrases to find among the noise.
const OPENINGS = ["I think", "As a carer,", "Our members said", "Honestly,", "From experience,", "Please note that", "We feel", "My worry is that"];
const TOPICS = [
  "the crisis line is not answered quickly enough at night",
  "waiting times for talking therapies are far too long",
  "carers need information when someone is discharged from hospital",
  "peer support workers should be part of every team",
  "the Board meetings must stay open to the public",
  "transport to the hospital is hard without a car",
  "the crisis café should open seven days a week",
  "funding after the first year is not clear",
  "young people moving to adult services fall through the gaps",
  "interpreters are rarely booked for appointments",
];
const ENDINGS = ["", " This matters a lot to us.", " Please listen.", " It happened to my family twice.", " The Forum raised this last year too."];
const feedback = (i: number) => `${OPENINGS[i % OPENINGS.length]} ${TOPICS[(i * 7) % TOPICS.length]}.${ENDINGS[i % ENDINGS.length]} (${i})`;

const server = await startBenchServer("touchstone_bench_analysis");
try {
  const users = await server.db.user.findMany({ select: { id: true } });
  const proposal = await server.db.proposal.create({
    data: {
      slug: "bench-analysis",
      title: "Crisis support (benchmark)",
      summary: "A closed consultation with 5,000 comments.",
      status: "UNDER_REVIEW",
      createdById: users[0].id,
      versions: {
        create: {
          number: 1,
          sections: {
            create: ["Why change", "A crisis café", "One phone line", "Funding"].map((heading, i) => ({
              position: i + 1,
              number: String(i + 1),
              heading,
              body: `About ${heading.toLowerCase()}.`,
            })),
          },
        },
      },
    },
    include: { versions: { include: { sections: true } } },
  });
  const sections = proposal.versions[0].sections;
  const base = Date.now() - 10_000_000;
  await server.db.comment.createMany({
    data: Array.from({ length: COMMENTS }, (_, i) => ({
      id: `bench-analysis-${i}`,
      proposalId: proposal.id,
      versionId: proposal.versions[0].id,
      sectionId: i % 4 === 0 ? null : sections[i % sections.length].id,
      authorId: users[i % users.length].id,
      body: feedback(i),
      stance: (["SUPPORT", "CONCERN", "QUESTION", "SUGGESTION"] as const)[i % 4],
      createdAt: new Date(base + i * 1000),
    })),
  });
  const themes = await Promise.all(
    ["Crisis line", "Waiting times", "Carers", "Peer support", "Transport"].map((name) =>
      server.db.theme.create({ data: { proposalId: proposal.id, name, nameKey: name.toLowerCase() } }),
    ),
  );
  await server.db.commentTheme.createMany({
    data: Array.from({ length: Math.floor(COMMENTS / 3) }, (_, i) => ({ commentId: `bench-analysis-${i * 3}`, themeId: themes[i % themes.length].id })),
  });
  const count = await server.db.comment.count({ where: { proposalId: proposal.id } });
  const cookie = await signInCookie(server.url, "commissioner@example.org");
  const workspace = `${server.url}/manage/proposals/${proposal.slug}/analysis`;

  const run = () =>
    new Promise<number>((resolve, reject) => {
      const latencies: number[] = [];
      const instance = autocannon({ url: workspace, connections: 10, duration: DURATION_S, headers: { cookie } }, (error, result) => {
        if (error) return reject(error);
        if (result.non2xx) return reject(new Error(`${result.non2xx} non-2xx responses`));
        resolve(percentile(latencies, 0.95));
      });
      instance.on("response", (_c: unknown, _s: number, _b: number, ms: number) => latencies.push(ms));
    });
  await run(); // warm-up
  const p95 = await run();

  // The suggestion as a commissioner meets it: the whole themes page with suggestions.
  const timings: number[] = [];
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    const response = await fetch(`${workspace}/themes?suggest=1`, { headers: { cookie } });
    const page = await response.text();
    timings.push(performance.now() - started);
    if (!response.ok || !page.includes('data-testid="suggestions"')) throw new Error(`suggestion failed: ${response.status}`);
  }
  const suggestMs = timings.sort((a, b) => a - b)[1];

  const large = Array.from({ length: 20_000 }, (_, i) => ({ id: String(i), text: feedback(i) }));
  const started = performance.now();
  const suggested = suggestThemesFor(large, { exclude: ["Crisis support"] });
  const suggest20k = performance.now() - started;
  if (suggested.themes.length === 0) throw new Error("no themes suggested for 20,000 comments");
  console.log(
    `RESULT analysis comments=${count} workspace_p95_ms=${Math.round(p95 * 10) / 10} suggest_ms=${Math.round(suggestMs)} suggest_20k_ms=${Math.round(suggest20k)}`,
  );
} finally {
  await server.stop();
}

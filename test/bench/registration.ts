// npm run bench:registration — 500 registrations at once for 100 places, through the real
// form action over HTTP. Prints: RESULT registration confirmed=<n> waiting=<n> errors=<n> p95_ms=<n>
import { percentile, startBenchServer } from "./bench-server";

const PEOPLE = 500;
const PLACES = 100;
const server = await startBenchServer("touchstone_bench_registration");
try {
  const startsAt = new Date(Math.floor((Date.now() + 7 * 86_400_000) / 60_000) * 60_000);
  const meeting = await server.db.meeting.create({
    data: {
      slug: "bench-meeting",
      title: "Benchmark meeting",
      description: "Load test",
      startsAt,
      endsAt: new Date(startsAt.getTime() + 90 * 60_000),
      capacity: PLACES,
      registrationOpensAt: new Date(Date.now() - 3_600_000),
      registrationClosesAt: new Date(startsAt.getTime() - 3_600_000),
    },
  });
  const latencies: number[] = [];
  let errors = 0;
  await Promise.all(
    Array.from({ length: PEOPLE }, async (_, i) => {
      const started = performance.now();
      const response = await fetch(`${server.url}/meetings/${meeting.slug}`, {
        method: "POST",
        redirect: "manual",
        headers: { "Content-Type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ name: `Person ${i}`, email: `person${i}@bench.example`, ...(i % 7 === 0 ? { accessNeeds: "wheelchair" } : {}) }),
      });
      latencies.push(performance.now() - started);
      if (response.status !== 302) errors++;
    }),
  );
  const confirmed = await server.db.registration.count({ where: { meetingId: meeting.id, status: "CONFIRMED" } });
  const waiting = await server.db.registration.count({ where: { meetingId: meeting.id, status: "WAITING" } });
  console.log(`RESULT registration confirmed=${confirmed} waiting=${waiting} errors=${errors} p95_ms=${Math.round(percentile(latencies, 0.95))}`);
} finally {
  await server.stop();
}

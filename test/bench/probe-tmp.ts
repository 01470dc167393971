import { signInCookie, startBenchServer } from "./bench-server";
import { Session } from "node:inspector/promises";
import fs from "node:fs";
const server = await startBenchServer("touchstone_probe_i18");
try {
  const cookie = await signInCookie(server.url, "member@example.org");
  for (const path of (process.env.PATHS ?? "/account").split(",")) {
    const get = async () => { const r = await fetch(server.url + path, { headers: { cookie } }); await r.arrayBuffer(); return r.status; };
    for (let i = 0; i < 100; i++) await get();
    const session = new Session(); session.connect();
    await session.post("Profiler.enable"); await session.post("Profiler.start");
    const t = performance.now(); const N = 200;
    for (let i = 0; i < N; i++) await get();
    const ms = (performance.now() - t) / N;
    const { profile } = await session.post("Profiler.stop");
    fs.writeFileSync(`/tmp/i18/${path.replace(/\W/g, "_")}.cpuprofile`, JSON.stringify(profile));
    console.log(path, "status", await get(), "ms/request sequential", ms.toFixed(2));
  }
} finally { await server.stop(); }

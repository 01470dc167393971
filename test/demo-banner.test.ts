// The app runs as a demo here: the build reads the environment on its first request.
process.env.SEED_DEMO_DATA = "true";

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAppProcess } from "./helpers/app-process";
import { startTestServer, type TestServer } from "./helpers/app-server";
import { getPage, signedInUser } from "./helpers/factories";

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(() => server.close());

const BANNER = "Demo data: do not enter real information.";

describe("a demo install says so on every page", () => {
  it("shows the demo banner to visitors, to signed-in people and on error pages", async () => {
    const member = await signedInUser();
    for (const [path, cookie] of [
      ["/", undefined],
      ["/proposals", undefined],
      ["/auth/sign-in", undefined],
      ["/account", member.cookie],
      ["/no-such-page", undefined],
    ] as const) {
      const html = await (await getPage(`${server.url}${path}`, cookie)).text();
      expect(html, path).toContain(BANNER);
      expect(html, path).toContain('role="region" aria-label="Demo data"');
    }
  });
});

describe("demo data is never served to a network by accident", () => {
  it("a production start with demo data on a network address stops with a clear message", async () => {
    const start = startAppProcess({ NODE_ENV: "production", HOST: "0.0.0.0", SEED_DEMO_DATA: "true" });
    await expect(start).rejects.toThrow(/SEED_DEMO_DATA: demo data .* HOST=0\.0\.0\.0.*ALLOW_DEMO_ON_NETWORK=true/s);
  });
});

import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { createLogger } from "../../server/logger";
import { createApp } from "../../server/app";
import { db } from "#app/utils/db.server";
import { parseEnv } from "#app/utils/env.server";
import { freePort } from "./free-port";

export { freePort };

let build: Promise<ServerBuild> | undefined;
function loadBuild() {
  // The production build made by `npm run build` (npm test builds first).
  build ??= import(pathToFileURL(path.resolve("build/index.js")).href) as Promise<ServerBuild>;
  return build;
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** The real app (Express + Remix build + socket.io) on a free loopback port. */
export async function startTestServer(overrides: Record<string, string> = {}) {
  const port = await freePort();
  const env = parseEnv({ ...process.env, PORT: String(port), HOST: "127.0.0.1", APP_URL: `http://127.0.0.1:${port}`, ...overrides });
  const server = createApp({ build: await loadBuild(), env, db, log: createLogger("silent") });
  await new Promise<void>((resolve) => server.httpServer.listen(port, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${port}`;
  return { ...server, url, port };
}

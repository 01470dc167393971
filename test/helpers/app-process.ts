import { spawn, type ChildProcess } from "node:child_process";
import { freePort } from "./free-port";

export type AppProcess = { child: ChildProcess; url: string; output: string[]; stop(): Promise<void> };

/**
 * `server/index.ts` in its own process, exactly as `npm start` runs it (less the build),
 * ready once /healthz answers. Used where a test or benchmark needs the app as a user meets it.
 */
export async function startAppProcess(env: Record<string, string>, options: { host?: string; timeoutMs?: number } = {}): Promise<AppProcess> {
  const port = await freePort();
  const url = `http://${options.host ?? "127.0.0.1"}:${port}`;
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    env: { ...process.env, PORT: String(port), HOST: "127.0.0.1", APP_URL: url, LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk) => output.push(String(chunk)));
  child.stderr!.on("data", (chunk) => output.push(String(chunk)));
  const stop = () =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The app exited during start-up:\n${output.join("")}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return { child, url, output, stop };
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The app did not start:\n${output.join("")}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

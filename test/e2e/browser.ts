import fs from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { chromium, type Browser, type BrowserServer, type Page, type WebSocket } from "playwright-core";
import { expect, inject } from "vitest";

// Debian's Chromium: `npx playwright install` cannot download browsers here.
export const chromiumPath = () => process.env.CHROMIUM_PATH || "/usr/bin/chromium";

/** Stops the browser tests before they start, with what to do, when there is no Chromium to drive. */
export function assertChromiumInstalled() {
  const executable = chromiumPath();
  let runnable: boolean;
  try {
    fs.accessSync(executable, fs.constants.X_OK);
    runnable = fs.statSync(executable).isFile();
  } catch {
    runnable = false;
  }
  if (!runnable) {
    throw new Error(`Chromium not found at ${executable}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH`);
  }
}

declare module "vitest" {
  export interface ProvidedContext {
    browserEndpoint: string;
  }
}

/**
 * One Chromium for the whole browser run, started by the global setup: each file starting its
 * own cost about 1.5 s a file. Each file connects to it and makes its own contexts.
 */
export function launchBrowserServer(): Promise<BrowserServer> {
  return chromium.launchServer({
    executablePath: chromiumPath(),
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/** The run's Chromium (see launchBrowserServer); closing it closes only this file's contexts. */
export function launchBrowser(): Promise<Browser> {
  return chromium.connect(inject("browserEndpoint"));
}

/**
 * Fails the test if the page logs a React hydration error: when server and browser render
 * differently React rebuilds the page and loses what the reader has typed.
 */
export function watchForHydrationErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on("console", (message) => {
    if (message.type() === "error" && /Minified React error #(418|423|425)|Hydration failed|did not match/.test(message.text())) errors.push(message.text());
  });
  return errors;
}

/** axe-core with the WCAG 2.2 AA rule set: a page passes with no violation at all. */
export async function expectAccessible(page: Page) {
  // Legacy mode runs axe in the page itself. The default opens a second page for every check
  // to merge the results of a page's frames, which doubled the browser tests' time; no page of
  // the app has frames (checked here), so the results are the same.
  expect(page.frames(), `frames on ${page.url()}: check them with AxeBuilder's default mode`).toHaveLength(1);
  const results = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]).setLegacyMode(true).analyze();
  const summary = results.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
  expect(summary, `accessibility violations on ${page.url()}`).toEqual([]);
}

/**
 * Opens a page and waits until the server has answered its live connection's join of a room of
 * this kind (`proposal`, `forum`, ...), so that what happens next reaches the page. Frames are
 * watched from before the page loads: waiting for the socket first and its frames after missed
 * a join sent in between (seen in CI), and a join that is sent is not yet a join that is done.
 */
export async function gotoLive(page: Page, url: string, kind: string, { watchOnly = false } = {}) {
  let joinAnswered!: () => void;
  const joined = new Promise<void>((resolve) => (joinAnswered = resolve));
  const onSocket = (socket: WebSocket) => {
    const asked = new Set<string>();
    socket.on("framesent", ({ payload }) => {
      // socket.io: 42<ack id>["room:join",{"room":"<kind>:<id>",...}]
      const join = /^42(\d+)\["room:join",(.*)\]$/s.exec(String(payload));
      if (!join) return;
      const input = JSON.parse(join[2]) as { room?: string; watchOnly?: boolean };
      if (input.room?.startsWith(`${kind}:`) && !!input.watchOnly === watchOnly) asked.add(join[1]);
    });
    socket.on("framereceived", ({ payload }) => {
      const answer = /^43(\d+)\[/.exec(String(payload));
      if (answer && asked.has(answer[1])) joinAnswered();
    });
  };
  page.on("websocket", onSocket);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${url} did not join a ${kind} room${watchOnly ? " to watch" : ""} within 20 s`)), 20_000);
  });
  try {
    await page.goto(url);
    await Promise.race([joined, timeout]);
  } finally {
    clearTimeout(timer);
    page.off("websocket", onSocket);
  }
}

/** Signs in through the form, as a person would. */
export async function signIn(page: Page, baseUrl: string, email: string, password: string) {
  await page.goto(`${baseUrl}/auth/sign-in`);
  await page.getByLabel("Email address").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL((url) => !url.pathname.startsWith("/auth/sign-in"));
}

/**
 * The NHS.UK error pattern for one field: the error summary (focused, with JavaScript) links
 * to the field's id, the message sits in the field's error form group with hidden "Error:"
 * text, the field (or its fieldset) is described by it, and the page title starts with
 * "Error: " once (written by the server into a page answering a post without JavaScript).
 */
export async function expectFieldError(
  page: Page,
  fieldId: string,
  message: string,
  { javaScript = true, messageId = `${fieldId}-error` }: { javaScript?: boolean; messageId?: string } = {},
) {
  const link = page.locator(`.nhsuk-error-summary a[href="#${fieldId}"]`);
  await expect.poll(() => link.textContent()).toBe(message);
  const read = () =>
    page.evaluate(
      ([id, errorId]) => {
        const field = document.getElementById(id);
        const describer = field?.getAttribute("aria-describedby")?.split(" ").includes(errorId) ? field : field?.closest("fieldset");
        return {
          inline: document.getElementById(errorId)?.textContent ?? null,
          hidden: document.getElementById(errorId)?.querySelector(".nhsuk-u-visually-hidden")?.textContent ?? null,
          describedBy: describer?.getAttribute("aria-describedby")?.split(" ") ?? [],
          inErrorGroup: !!field?.closest(".nhsuk-form-group--error"),
          summaryFocused: !!document.activeElement?.classList.contains("nhsuk-error-summary"),
        };
      },
      [fieldId, messageId],
    );
  // The page may still be settling (its data is read again after the post): wait for the message.
  await expect.poll(async () => (await read()).inline, { message: `the message beside #${fieldId}` }).toBe(`Error: ${message}`);
  const found = await read();
  expect(found.hidden).toBe("Error:");
  expect(found.describedBy, `what describes #${fieldId}`).toContain(messageId);
  expect(found.inErrorGroup, `#${fieldId} in an error form group`).toBe(true);
  await expect.poll(() => page.title()).toMatch(/^Error: (?!Error: )/);
  if (!javaScript) return;
  expect(found.summaryFocused, "the error summary has the focus").toBe(true);
}

import http from "node:http";
import zlib from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test/helpers/app-server";
import { createProposal } from "../test/helpers/consultations";
import { signedInUser } from "../test/helpers/factories";

// Pages served from memory (the public page cache, signed-in shared documents) are compressed
// by the app itself (ADR 036). What a browser gets must be the page, compressed as it asked,
// and a client that asks for nothing gets it as it is.

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer({ PAGE_CACHE_MS: "60000" });
});
afterAll(() => server.close());

/** A GET as a browser sends it, with the bytes as they came: fetch would decompress them. */
function rawGet(url: string, headers: Record<string, string>) {
  return new Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }>((resolve, reject) => {
    http
      .get(url, { headers }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks) }));
      })
      .on("error", reject);
  });
}

const decoders: Record<string, (body: Buffer) => Buffer> = {
  br: zlib.brotliDecompressSync,
  gzip: zlib.gunzipSync,
  none: (body) => body,
};

/** The page as the browser reads it, with this response's nonce and forms' fresh keys made comparable. */
function readable(response: Awaited<ReturnType<typeof rawGet>>) {
  const encoding = response.headers["content-encoding"] ?? "none";
  const html = decoders[encoding](response.body).toString("utf8");
  const nonce = /'nonce-([^']+)'/.exec(String(response.headers["content-security-policy"]))?.[1];
  expect(nonce).toBeTruthy();
  // Every script carries this response's own nonce, compressed or not.
  expect(new Set([...html.matchAll(/nonce="([^"]+)"/g)].map((m) => m[1]))).toEqual(new Set([nonce]));
  return html.replaceAll(nonce!, "NONCE").replace(/(name="idempotencyKey" readonly="" value=)"[^"]*"/g, '$1""');
}

describe("pages served from memory", () => {
  it("reach a signed-out visitor compressed as their browser asks, and whole when it asks for nothing", async () => {
    const { proposal } = await createProposal();
    const url = `${server.url}/proposals/${proposal.slug}`;
    await rawGet(url, {});
    const plain = await rawGet(url, {});
    expect(plain.headers["x-page-cache"]).toBe("hit");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
    expect(plain.headers.vary).toMatch(/Accept-Encoding/i);
    const page = readable(plain);
    expect(page).toContain(proposal.title);

    for (const [asked, expected] of [
      ["gzip, deflate, br, zstd", "br"],
      ["gzip, deflate", "gzip"],
      ["br;q=0, gzip", "gzip"],
      ["identity", undefined],
    ] as const) {
      const response = await rawGet(url, { "accept-encoding": asked });
      expect(response.status).toBe(200);
      expect(response.headers["x-page-cache"]).toBe("hit");
      expect(response.headers["content-encoding"]).toBe(expected);
      expect(Number(response.headers["content-length"])).toBe(response.body.length);
      if (expected) expect(response.body.length).toBeLessThan(plain.body.length / 3);
      expect(readable(response)).toBe(page);
    }
  });

  it("reach a signed-in reader compressed, as their own page", async () => {
    const { proposal } = await createProposal();
    const { cookie } = await signedInUser({ displayName: "Reader Who Compresses" });
    const url = `${server.url}/proposals/${proposal.slug}`;
    const plain = await rawGet(url, { cookie });
    expect(plain.headers["x-page-cache"]).toBe("shared");
    expect(plain.headers["content-encoding"]).toBeUndefined();
    const page = readable(plain);
    expect(page).toContain("Reader Who Compresses");

    const compressed = await rawGet(url, { cookie, "accept-encoding": "gzip, deflate, br, zstd" });
    expect(compressed.headers["x-page-cache"]).toBe("shared");
    expect(compressed.headers["content-encoding"]).toBe("br");
    expect(compressed.headers.vary).toMatch(/Accept-Encoding/i);
    expect(Number(compressed.headers["content-length"])).toBe(compressed.body.length);
    expect(readable(compressed)).toBe(page);
  });
});

import { describe, expect, it } from "vitest";
import { EnvError, parseEnv } from "./env.server";

describe("environment configuration", () => {
  it("starts with sensible defaults when nothing is set", () => {
    const env = parseEnv({});
    expect(env.PORT).toBe(3000);
    expect(env.APP_URL).toBe("http://localhost:3000");
    expect(env.DATABASE_URL).toBeUndefined();
    expect(env.SOCKET_ADAPTER).toBe("memory");
    expect(env.SEED_DEMO_DATA).toBe(true);
  });

  it("shares live events through PostgreSQL when an external database is configured", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db.internal:5432/touchstone" }).SOCKET_ADAPTER).toBe("postgres");
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/t", SOCKET_ADAPTER: "memory" }).SOCKET_ADAPTER).toBe("memory");
  });

  it("names every bad variable and says why", () => {
    let error: unknown;
    try {
      parseEnv({ PORT: "eighty", DATABASE_URL: "mysql://x", SMTP_URL: "not a url", SEED_DEMO_DATA: "maybe" });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(EnvError);
    const message = (error as Error).message;
    expect(message).toContain("PORT");
    expect(message).toContain("DATABASE_URL: must be a postgresql:// connection string");
    expect(message).toContain("SMTP_URL");
    expect(message).toContain("SEED_DEMO_DATA");
  });

  it("treats an empty variable as unset", () => {
    expect(parseEnv({ SMTP_URL: "", DATABASE_URL: "" }).SMTP_URL).toBeUndefined();
  });
});

describe("production defaults", () => {
  it("a real deployment's own database never gets demo data unless asked for by name", () => {
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/t" }).SEED_DEMO_DATA).toBe(false);
    expect(parseEnv({ DATABASE_URL: "postgresql://u:p@db:5432/t", SEED_DEMO_DATA: "true" }).SEED_DEMO_DATA).toBe(true);
    expect(parseEnv({ SEED_DEMO_DATA: "false" }).SEED_DEMO_DATA).toBe(false);
  });

  it("listens on loopback unless HOST says otherwise", () => {
    expect(parseEnv({}).HOST).toBe("127.0.0.1");
  });

  it.each(["0.0.0.0", "::", "192.168.1.20", "touchstone.example.org"])("refuses demo data served in production on HOST=%s, saying how to go on", (HOST) => {
    expect(() => parseEnv({ NODE_ENV: "production", HOST, SEED_DEMO_DATA: "true" })).toThrow(/SEED_DEMO_DATA: .*ALLOW_DEMO_ON_NETWORK=true/);
    // The embedded demo counts too: nothing set but HOST.
    expect(() => parseEnv({ NODE_ENV: "production", HOST })).toThrow(EnvError);
  });

  it("allows a demo on loopback, a deliberate public demo, and a network deployment without demo data", () => {
    for (const HOST of ["127.0.0.1", "localhost", "::1", "[::1]", "127.0.1.1"])
      expect(parseEnv({ NODE_ENV: "production", HOST, SEED_DEMO_DATA: "true" }).HOST).toBe(HOST);
    expect(parseEnv({ NODE_ENV: "production", HOST: "0.0.0.0", SEED_DEMO_DATA: "true", ALLOW_DEMO_ON_NETWORK: "true" }).SEED_DEMO_DATA).toBe(true);
    expect(parseEnv({ NODE_ENV: "production", HOST: "0.0.0.0", DATABASE_URL: "postgresql://u:p@db:5432/t" }).SEED_DEMO_DATA).toBe(false);
  });
});

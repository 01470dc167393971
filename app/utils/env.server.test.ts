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

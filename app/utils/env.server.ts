import { z } from "zod";

const booleanString = z.enum(["true", "false", "1", "0"]).transform((value) => value === "true" || value === "1");

const envSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // Loopback unless told otherwise: a newcomer's demo is not on the network by accident.
    HOST: z.string().min(1).default("127.0.0.1"),
    APP_URL: z.url({ protocol: /^https?$/ }).optional(),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/, message: "must be a postgresql:// connection string" }).optional(),
    DATA_DIR: z.string().min(1).default("./data"),
    // Unset: demo data only for the embedded database (a newcomer's `npm start`), never
    // for a real deployment's own database.
    SEED_DEMO_DATA: booleanString.optional(),
    // Demo accounts have published passwords: serving them to a network needs a second yes.
    ALLOW_DEMO_ON_NETWORK: booleanString.default(false),
    SMTP_URL: z.url({ protocol: /^smtps?$/, message: "must be an smtp:// or smtps:// URL" }).optional(),
    EMAIL_FROM: z.string().min(3).default("Touchstone <no-reply@touchstone.localhost>"),
    SOCKET_ADAPTER: z.enum(["memory", "postgres"]).optional(),
    RATE_LIMIT_AUTH_MAX: z.coerce.number().int().positive().default(10),
    RATE_LIMIT_WINDOW_MINUTES: z.coerce.number().int().positive().default(15),
    // Behind a reverse proxy or load balancer: how many proxies to trust for the client's address
    // (X-Forwarded-For), as Express's "trust proxy" reads it; unset, the header is ignored.
    TRUST_PROXY: z
      .string()
      .regex(/^(\d+|true|false|[0-9a-fA-F.:/, ]+|loopback|linklocal|uniquelocal)$/, "must be a number of proxies, true, false, or addresses")
      .optional()
      .transform((value) => (value === undefined || value === "false" ? false : value === "true" ? true : /^\d+$/.test(value) ? Number(value) : value)),
    // Guest registrations from one address in that window (signed-in people are never refused).
    RATE_LIMIT_REGISTRATION_MAX: z.coerce.number().int().positive().default(20),
    // Multiplies every per-account posting limit (app/utils/flood-control.server.ts); load tests raise it.
    RATE_LIMIT_CONTENT_MULTIPLIER: z.coerce.number().int().positive().default(1),
    // How long a public page rendered for signed-out visitors may be reused; 0 turns it off.
    PAGE_CACHE_MS: z.coerce.number().int().min(0).max(60_000).default(2000),
    // Signed-in proposal pages from one render per kind of reader (ADR 024); "false" renders each for its reader.
    SHARED_DOCUMENT_CACHE: booleanString.default(true),
    // Prepared statements on each database connection; "false" behind a pooler that cannot keep them.
    PREPARED_STATEMENTS: booleanString.default(true),
    // Shown with NHS 111 and Samaritans when a comment suggests its author is in crisis.
    CRISIS_LINE: z.string().min(3).max(200).optional(),
    // How often proposals are opened and closed at their set times; 0 turns it off (tests).
    SCHEDULER_INTERVAL_MS: z.coerce.number().int().min(0).default(30_000),
    LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
    // App processes `npm start` runs, sharing the port; unset: one per core in production, else 1.
    WEB_CONCURRENCY: z.coerce.number().int().min(1).max(256).optional(),
  })
  .transform((env) => ({
    ...env,
    APP_URL: env.APP_URL ?? `http://localhost:${env.PORT}`,
    SEED_DEMO_DATA: env.SEED_DEMO_DATA ?? !env.DATABASE_URL,
    // Several app processes can only share live events through a shared server.
    SOCKET_ADAPTER: env.SOCKET_ADAPTER ?? (env.DATABASE_URL ? "postgres" : "memory"),
  }))
  .superRefine((env, ctx) => {
    if (env.SEED_DEMO_DATA && env.NODE_ENV === "production" && !isLoopback(env.HOST) && !env.ALLOW_DEMO_ON_NETWORK) {
      ctx.addIssue({
        code: "custom",
        path: ["SEED_DEMO_DATA"],
        message:
          `demo data (accounts whose passwords are in the README) would be served to the network on HOST=${env.HOST}. ` +
          "Listen on 127.0.0.1, or unset SEED_DEMO_DATA, or set ALLOW_DEMO_ON_NETWORK=true if this really is a public demo.",
      });
    }
  });

/** Only this machine can reach an address like these. */
export function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Parses the environment; the message names every bad variable and why. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  // An empty variable means "not set", as in most shells' .env habits.
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(cleaned);
  if (!result.success) {
    const lines = result.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new EnvError(`Invalid environment configuration:\n${lines.join("\n")}`);
  }
  return result.data;
}

let cached: Env | undefined;
export function getEnv(): Env {
  cached ??= parseEnv();
  return cached;
}

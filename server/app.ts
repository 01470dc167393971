import crypto from "node:crypto";
import http from "node:http";
import path from "node:path";
import { createRequestHandler } from "@remix-run/express";
import { createRequestHandler as createRemixRequestHandler, type AppLoadContext, type ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { ipKeyGenerator, rateLimit } from "express-rate-limit";
import helmet from "helmet";
import type { Logger } from "pino";
import { pinoHttp } from "pino-http";
import { authenticateCookieHeader, SESSION_COOKIE_NAME } from "#app/utils/auth.server";
import { anonymousPageCache } from "./anonymous-page-cache";
import { ACCOUNT_DOCUMENT, PROPOSAL_DOCUMENTS, signedInDocumentCache, type AuthenticatedLocals } from "./signed-in-document-cache";
import { rejectCrossSiteRequests } from "./cross-site-requests";
import { discardUnreadBodies } from "./discard-unread-bodies";
import { refuseNulInAddress } from "./refuse-nul-in-address";
import { redactUrl } from "./redact-url";
import { createRouteMatcher } from "./route-matching";
import type { Db } from "#app/utils/db.server";
import type { Env } from "#app/utils/env.server";
import type { RateLimitState } from "#app/utils/load-context";
import { withAccessRecheck } from "./realtime/access-recheck";
import { registerForumHandlers } from "./realtime/forum-handlers";
import { createPublisher } from "./realtime/publisher";
import { startScheduler } from "./scheduler";
import { startOutboxSweeper } from "./realtime/outbox-sweeper";
import { createLiveConnections, startSessionRecheck } from "./realtime/live-connections";
import { withThreadInvalidation } from "./realtime/thread-invalidation";
import { createSocketServer } from "./realtime/socket-server";

const ROOT = path.resolve(import.meta.dirname, "..");
/** How often each process looks for events a crashed process committed but did not publish. */
const OUTBOX_SWEEP_MS = 5000;
/** How often each process checks that its sockets' sessions still exist. */
const SESSION_RECHECK_MS = 60_000;
// A meeting's page, whose form registers guests: one connection cannot fill a meeting with made-up names.
const REGISTRATION_ROUTE = "routes/meetings+/$slug";
// Limited by route, not by path: every spelling of these pages shares one budget.
export const RATE_LIMITED_ROUTES = new Set(["routes/auth+/sign-in", "routes/auth+/sign-up", "routes/auth+/forgot-password", REGISTRATION_ROUTE]);

export type AppOptions = {
  build: ServerBuild;
  env: Env;
  db: Db;
  log: Logger;
  /** Several workers share the port: socket.io's polling fallback would reach a worker that never saw its handshake. */
  webSocketOnly?: boolean;
};

export function createApp({ build, env, db, log, webSocketOnly = false }: AppOptions) {
  const app = express();
  const httpServer = http.createServer(app);
  const allowedOrigins = [new URL(env.APP_URL).origin, `http://localhost:${env.PORT}`, `http://127.0.0.1:${env.PORT}`];
  const sockets = createSocketServer({
    httpServer,
    db,
    allowedOrigins,
    adapter: env.SOCKET_ADAPTER,
    databaseUrl: env.DATABASE_URL!,
    log,
    webSocketOnly,
  });
  // Shared thread renders are forgotten first: a re-check of who may stay in a room asks every
  // process for its sockets, and its failing must not leave a stale render behind.
  const publisher = withAccessRecheck(withThreadInvalidation(createPublisher(sockets.io, db), sockets.io, env.SOCKET_ADAPTER === "postgres"), sockets.io, db);
  registerForumHandlers(sockets.io, db, publisher);
  const scheduler = startScheduler(env.SCHEDULER_INTERVAL_MS, publisher, log);
  const outboxSweeper = startOutboxSweeper(publisher, OUTBOX_SWEEP_MS, log);
  const liveConnections = createLiveConnections(sockets.io);
  const sessionRecheck = startSessionRecheck(sockets.io, SESSION_RECHECK_MS, log);

  app.disable("x-powered-by");
  // Rate limits count by client address: behind a proxy that is the forwarded one, else everyone would share the proxy's.
  app.set("trust proxy", env.TRUST_PROXY);
  // Every page carries its own CSP nonce, so an ETag would never match: don't hash bodies for one.
  app.set("etag", false);
  // Level 1, as nginx's default: half the CPU of the default level for pages about 15% larger
  // (a 110 KB proposal page: 17 KB instead of 15 KB), on a server whose limit is CPU (ADR 020).
  app.use(compression({ level: 1 }));

  app.get("/healthz", async (_req, res) => {
    try {
      await db.$queryRaw`SELECT 1`;
      res.json({ status: "ok" });
    } catch {
      res.status(503).json({ status: "database unavailable" });
    }
  });

  // Hashed build assets never change; the vendored NHS.UK files may. public/ holds only
  // these two folders, so other paths skip the file lookup.
  app.use("/build", express.static(path.join(ROOT, "public/build"), { immutable: true, maxAge: "1y" }));
  app.use("/vendor", express.static(path.join(ROOT, "public/vendor"), { maxAge: "1h" }));

  app.use(
    pinoHttp({
      logger: log,
      autoLogging: { ignore: (req) => req.url === "/healthz" },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? "error" : "info"),
      // Emailed links carry one-time tokens: the log keeps the page, never the token. Of a
      // response only its status: its headers carry the session cookie and redirects' URLs.
      serializers: { req: (req) => ({ method: req.method, url: redactUrl(req.url) }), res: (res) => ({ statusCode: res.statusCode }) },
    }),
  );

  app.use((_req, res, next) => {
    res.locals.cspNonce = crypto.randomBytes(16).toString("base64");
    next();
  });
  app.use(
    helmet({
      contentSecurityPolicy: {
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'", "'strict-dynamic'", (_req, res) => `'nonce-${(res as express.Response).locals.cspNonce}'`],
          connectSrc: ["'self'"],
          imgSrc: ["'self'", "data:"],
          styleSrc: ["'self'"],
          fontSrc: ["'self'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
          upgradeInsecureRequests: env.NODE_ENV === "production" && env.APP_URL.startsWith("https:") ? [] : null,
        },
      },
      crossOriginEmbedderPolicy: false,
      strictTransportSecurity: env.APP_URL.startsWith("https:"),
      // Not "no-referrer": with it a browser sends `Origin: null` on its own form posts, which
      // Remix refuses as a possible forgery, so no form worked without JavaScript.
      // "same-origin" still tells other sites nothing.
      referrerPolicy: { policy: "same-origin" },
    }),
  );

  app.use(discardUnreadBodies, refuseNulInAddress);
  app.use(rejectCrossSiteRequests(allowedOrigins));

  const routeIdFor = createRouteMatcher(build.routes);
  const limitedRouteOf = new WeakMap<express.Request, string | null>();
  const rateLimitedRoute = (req: express.Request): string | null => {
    if (req.method !== "POST") return null;
    if (!limitedRouteOf.has(req)) {
      const routeId = routeIdFor(req.path);
      limitedRouteOf.set(req, routeId && RATE_LIMITED_ROUTES.has(routeId) ? routeId : null);
    }
    return limitedRouteOf.get(req)!;
  };

  // Rate-limited posts still reach the route, which answers with a clear message in the form.
  const authLimiter = rateLimit({
    windowMs: env.RATE_LIMIT_WINDOW_MINUTES * 60_000,
    limit: (req) => (rateLimitedRoute(req) === REGISTRATION_ROUTE ? env.RATE_LIMIT_REGISTRATION_MAX : env.RATE_LIMIT_AUTH_MAX),
    standardHeaders: "draft-8",
    legacyHeaders: false,
    // Each form has its own budget, whatever spelling of its path was posted to.
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? "")}:${rateLimitedRoute(req)}`,
    skip: (req) => rateLimitedRoute(req) === null,
    handler: (req, _res, next, options) => {
      const resetTime = (req as express.Request & { rateLimit?: { resetTime?: Date } }).rateLimit?.resetTime;
      const ms = resetTime ? resetTime.getTime() - Date.now() : options.windowMs;
      (req as RateLimitedRequest).rateLimitState = { limited: true, retryAfterMinutes: Math.ceil(ms / 60_000) };
      next();
    },
  });
  app.use(authLimiter);

  if (env.PAGE_CACHE_MS > 0) {
    // Proposal pages: only public ones ever answer 200 to a signed-out visitor.
    const pages = ["/", "/accessibility", "/privacy", "/proposals", /^\/proposals\/[a-z0-9-]+$/];
    app.use(anonymousPageCache({ paths: pages, ttlMs: env.PAGE_CACHE_MS, sessionCookie: SESSION_COOKIE_NAME }));
  }

  const loadContext = (
    fields: Pick<AppLoadContext, "user" | "unreadNotifications" | "cspNonce" | "documentRequest" | "documentPost" | "rateLimit">,
  ): AppLoadContext => ({
    ...fields,
    sharedFragments: new Map<string, string>(),
    publisher,
    liveConnections,
  });

  if (env.SHARED_DOCUMENT_CACHE) {
    // Signed-in proposal pages: one render per kind of reader, each reader's own parts spliced in;
    // the account page: the reader's own render while what it shows is unchanged (ADR 024).
    const remixRequestHandler = createRemixRequestHandler(build, env.NODE_ENV);
    app.use(
      signedInDocumentCache({
        sessionCookie: SESSION_COOKIE_NAME,
        pages: [PROPOSAL_DOCUMENTS, ACCOUNT_DOCUMENT],
        render: (url, reader, unread, cspNonce) =>
          remixRequestHandler(
            new Request(url),
            loadContext({ user: reader, unreadNotifications: unread, cspNonce, documentRequest: true, documentPost: false, rateLimit: null }),
          ),
      }),
    );
  }

  app.all(
    "*",
    createRequestHandler({
      build,
      mode: env.NODE_ENV,
      getLoadContext: async (req, res) => {
        // The signed-in document cache may have read the session already for this request.
        const { user, setCookie, unreadNotifications } =
          (res.locals as AuthenticatedLocals).authenticated ?? (await authenticateCookieHeader(req.headers.cookie));
        if (setCookie) res.append("Set-Cookie", setCookie);
        const documentRequest = !("_data" in req.query);
        return loadContext({
          user,
          unreadNotifications,
          cspNonce: res.locals.cspNonce as string,
          documentRequest,
          documentPost: documentRequest && req.method !== "GET" && req.method !== "HEAD",
          rateLimit: rateLimitedRoute(req) ? ((req as RateLimitedRequest).rateLimitState ?? { limited: false, retryAfterMinutes: 0 }) : null,
        });
      },
    }),
  );

  return {
    app,
    httpServer,
    io: sockets.io,
    publisher,
    liveConnections,
    sessionRecheck,
    /** Stops accepting, closes sockets (and the adapter's pool), then lets requests finish. */
    async close() {
      scheduler.stop();
      await outboxSweeper.stop();
      sessionRecheck.stop();
      const closed = new Promise<void>((resolve) => httpServer.close(() => resolve()));
      await sockets.close();
      httpServer.closeIdleConnections();
      await closed;
    },
  };
}

type RateLimitedRequest = express.Request & { rateLimitState?: RateLimitState };

import type { SessionUser } from "./auth.server";
import type { LiveConnections, Publisher } from "./realtime";

export type RateLimitState = { limited: boolean; retryAfterMinutes: number };

declare module "@remix-run/node" {
  interface AppLoadContext {
    user: SessionUser | null;
    /** The user's unread notifications, read with the session (one round trip fewer per page). */
    unreadNotifications?: number;
    cspNonce: string;
    publisher: Publisher;
    /** Sign-out and password reset end the sockets of the sessions they end. */
    liveConnections: LiveConnections;
    /** Set on rate-limited routes; the action answers with a clear message when limited. */
    rateLimit: RateLimitState | null;
    /**
     * A document request (a page, not the browser router's JSON): shared HTML fragments then
     * go into sharedFragments, for entry.server to render, instead of into loader data.
     */
    documentRequest: boolean;
    /** A form posted without JavaScript: the page comes back with its errors in place. */
    documentPost: boolean;
    sharedFragments: Map<string, string>;
  }
}

export {};

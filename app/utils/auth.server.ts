// The only module that touches lucia (v3 is no longer developed upstream; keep it
// replaceable). Everything else asks this module for sessions and users.
import { PrismaAdapter } from "@lucia-auth/adapter-prisma";
import { Lucia, TimeSpan, type DatabaseSession, type DatabaseUser } from "lucia";
import type { RoleName, StakeholderType } from "~/generated/prisma/enums";
import { db } from "./db.server";
import { getEnv } from "./env.server";
import type { LiveConnections } from "./realtime";
import { singleton } from "./singleton.server";

export const SESSION_COOKIE_NAME = "touchstone_session";

/**
 * Every signed-in request validates its session. Lucia's Prisma adapter reads the session and
 * its user in two queries (the whole user row, password hash included) and the roles were a
 * third; this reads the session, what the app uses of the user, the roles, and the number of
 * unread notifications every page's header shows, in one (ADR 020).
 */
class SessionAdapter extends PrismaAdapter<typeof db> {
  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    const [row] = await db.$queryRaw<
      { userId: string; expiresAt: Date; email: string; displayName: string; stakeholderType: StakeholderType; organisation: string | null; emailVerifiedAt: Date | null; roles: RoleName[]; unreadNotifications: number }[]
    >`SELECT s."userId", s."expiresAt", u.email, u."displayName", u."stakeholderType"::text AS "stakeholderType", u.organisation, u."emailVerifiedAt",
             ARRAY(SELECT r.role::text FROM "UserRole" r WHERE r."userId" = u.id ORDER BY r.role) AS roles,
             (SELECT count(*)::int FROM "Notification" n WHERE n."userId" = u.id AND n."readAt" IS NULL) AS "unreadNotifications"
      FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = ${sessionId}`;
    if (!row) return [null, null];
    const { userId, expiresAt, ...attributes } = row;
    return [
      { id: sessionId, userId, expiresAt, attributes: {} },
      { id: userId, attributes },
    ];
  }
}

const lucia = singleton("lucia", () => {
  const adapter = new SessionAdapter(db.session, db.user);
  return new Lucia(adapter, {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      // HttpOnly is always set by lucia; SameSite=Lax stops cross-site form posts.
      attributes: { sameSite: "lax", secure: getEnv().NODE_ENV === "production" },
    },
    getUserAttributes: (attributes) => ({
      email: attributes.email,
      displayName: attributes.displayName,
      stakeholderType: attributes.stakeholderType,
      organisation: attributes.organisation,
      emailVerifiedAt: attributes.emailVerifiedAt,
      roles: attributes.roles,
      unreadNotifications: attributes.unreadNotifications,
    }),
  });
});

declare module "lucia" {
  interface Register {
    Lucia: typeof lucia;
    DatabaseUserAttributes: {
      email: string;
      displayName: string;
      stakeholderType: StakeholderType;
      organisation: string | null;
      emailVerifiedAt: Date | null;
      roles: RoleName[];
      unreadNotifications: number;
    };
  }
}

export type SessionUser = {
  id: string;
  email: string;
  displayName: string;
  stakeholderType: StakeholderType;
  organisation: string | null;
  emailVerified: boolean;
  roles: RoleName[];
};

export type Authenticated = {
  user: SessionUser | null;
  /** A Set-Cookie value to send back: a refreshed session, or a blank one for a dead cookie. */
  setCookie: string | null;
  /** The signed-in person's unread notifications as the session was read (0 signed out). */
  unreadNotifications: number;
};

/** Resolves the session cookie in a Cookie header to a user (with roles), or null. */
export async function authenticateCookieHeader(cookieHeader: string | null | undefined): Promise<Authenticated> {
  const sessionId = cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
  if (!sessionId) return { user: null, setCookie: null, unreadNotifications: 0 };
  const { session, user } = await lucia.validateSession(sessionId);
  if (!session) return { user: null, setCookie: lucia.createBlankSessionCookie().serialize(), unreadNotifications: 0 };
  return {
    user: {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      stakeholderType: user.stakeholderType,
      organisation: user.organisation,
      emailVerified: user.emailVerifiedAt !== null,
      roles: user.roles,
    },
    setCookie: session.fresh ? lucia.createSessionCookie(session.id).serialize() : null,
    unreadNotifications: user.unreadNotifications,
  };
}

/** The session id in a Cookie header, if any (the socket server keys live connections by it). */
export function readSessionId(cookieHeader: string | null | undefined): string | null {
  return cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
}

/** Of these session ids, those that name a live, unexpired session. */
export async function liveSessionIds(sessionIds: string[], now = new Date()): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db.session.findMany({ where: { id: { in: sessionIds }, expiresAt: { gt: now } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/** Starts a session and returns its Set-Cookie value. */
export async function startSession(userId: string): Promise<string> {
  const session = await lucia.createSession(userId, {});
  return lucia.createSessionCookie(session.id).serialize();
}

/**
 * Ends the session named in the Cookie header, and its open sockets on every process; returns
 * a Set-Cookie value that clears it.
 */
export async function endSession(cookieHeader: string | null, liveConnections?: LiveConnections): Promise<string> {
  const sessionId = cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
  if (sessionId) {
    await lucia.invalidateSession(sessionId);
    await liveConnections?.endSession(sessionId);
  }
  return lucia.createBlankSessionCookie().serialize();
}

/** Signs a person out everywhere (after a password reset, for instance). */
export async function endAllSessions(userId: string, liveConnections?: LiveConnections): Promise<void> {
  await lucia.invalidateUserSessions(userId);
  await liveConnections?.endUser(userId);
}

/** Removes sessions that have expired (the scheduler calls this). */
export async function deleteExpiredSessions(): Promise<void> {
  await lucia.deleteExpiredSessions();
}

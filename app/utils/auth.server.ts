// The only module that touches lucia (v3 is no longer developed upstream; keep it
// replaceable). Everything else asks this module for sessions and users.
import { PrismaAdapter } from "@lucia-auth/adapter-prisma";
import { Lucia, TimeSpan, type Adapter, type DatabaseSession, type DatabaseUser, type RegisteredDatabaseUserAttributes } from "lucia";
import { Prisma } from "#app/generated/prisma/client";
import { newSecretToken, secretTokenHash } from "#app/utils/secret-tokens.server";
import type { RoleName, StakeholderType } from "#app/generated/prisma/enums";
import { db, queryRowTogether } from "./db.server";
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
/** The session's columns: the session, what the app uses of its user, roles and unread count. */
type SessionRow = {
  userId: string;
  expiresAt: Date;
  email: string;
  displayName: string;
  stakeholderType: StakeholderType;
  organisation: string | null;
  emailVerifiedAt: Date | null;
  roles: RoleName[];
  unreadNotifications: number;
};

/**
 * The session named `sessionId` (a column: `queryRowTogether` reads many at once) with its user,
 * as `SessionRow` columns (no row: no such session or user).
 */
const sessionStatement = (sessionId: Prisma.Sql) =>
  Prisma.sql`SELECT s."userId", s."expiresAt", u.email, u."displayName", u."stakeholderType"::text AS "stakeholderType", u.organisation, u."emailVerifiedAt",
             ARRAY(SELECT r.role::text FROM "UserRole" r WHERE r."userId" = u.id ORDER BY r.role) AS roles,
             (SELECT count(*)::int FROM "Notification" n WHERE n."userId" = u.id AND n."readAt" IS NULL) AS "unreadNotifications"
      FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE s.id = ${sessionId}`;

function sessionAndUser(sessionId: string, row: SessionRow | undefined): [DatabaseSession | null, DatabaseUser | null] {
  if (!row) return [null, null];
  const { userId, expiresAt, ...attributes } = row;
  return [
    { id: sessionId, userId, expiresAt, attributes: {} },
    { id: userId, attributes },
  ];
}

/**
 * Every signed-in request validates its session. Lucia's Prisma adapter reads the session and
 * its user in two queries (the whole user row, password hash included) and the roles were a
 * third; this reads the session, what the app uses of the user, the roles, and the number of
 * unread notifications every page's header shows, in one (ADR 020).
 */
class SessionAdapter extends PrismaAdapter<typeof db> {
  override async getSessionAndUser(sessionId: string): Promise<[DatabaseSession | null, DatabaseUser | null]> {
    return sessionAndUser(sessionId, await queryRowTogether<SessionRow>(sessionStatement, sessionId));
  }
}

/**
 * The session as a statement that also read something else has already read it (ADR 024): lucia
 * gets it from here, and deletes or extends it through the usual adapter.
 */
class AlreadyReadSessionAdapter implements Adapter {
  constructor(
    private readonly read: [DatabaseSession | null, DatabaseUser | null],
    private readonly adapter: Adapter,
  ) {}
  getSessionAndUser = async () => this.read;
  getUserSessions = (userId: string) => this.adapter.getUserSessions(userId);
  setSession = (session: DatabaseSession) => this.adapter.setSession(session);
  updateSessionExpiration = (sessionId: string, expiresAt: Date) => this.adapter.updateSessionExpiration(sessionId, expiresAt);
  deleteSession = (sessionId: string) => this.adapter.deleteSession(sessionId);
  deleteUserSessions = (userId: string) => this.adapter.deleteUserSessions(userId);
  deleteExpiredSessions = () => this.adapter.deleteExpiredSessions();
}

const sessionAdapter = singleton("lucia-adapter", () => new SessionAdapter(db.session, db.user));
const lucia = singleton("lucia", () => new Lucia(sessionAdapter, luciaOptions()));

function luciaOptions() {
  return {
    sessionExpiresIn: new TimeSpan(30, "d"),
    sessionCookie: {
      name: SESSION_COOKIE_NAME,
      // HttpOnly is always set by lucia; SameSite=Lax stops cross-site form posts.
      attributes: { sameSite: "lax" as const, secure: getEnv().NODE_ENV === "production" },
    },
    getUserAttributes: (attributes: RegisteredDatabaseUserAttributes) => ({
      email: attributes.email,
      displayName: attributes.displayName,
      stakeholderType: attributes.stakeholderType,
      organisation: attributes.organisation,
      emailVerifiedAt: attributes.emailVerifiedAt,
      roles: attributes.roles,
      unreadNotifications: attributes.unreadNotifications,
    }),
  };
}

/**
 * The cookie carries a random session token; the database keeps only its SHA-256 as the
 * session's id, so a copy of the database or a backup holds nothing that signs anyone in.
 */
export function sessionIdOfToken(token: string): string {
  return secretTokenHash(token);
}

/** The token in a Cookie header and the session id it stands for, or null. */
function readSession(cookieHeader: string | null | undefined): { token: string; id: string } | null {
  const token = cookieHeader ? lucia.readSessionCookie(cookieHeader) : null;
  return token ? { token, id: sessionIdOfToken(token) } : null;
}

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
  const session = readSession(cookieHeader);
  if (!session) return SIGNED_OUT;
  return authenticated(await lucia.validateSession(session.id), session.token);
}

const SIGNED_OUT: Authenticated = Object.freeze({ user: null, setCookie: null, unreadNotifications: 0 });

function authenticated({ session, user }: Awaited<ReturnType<typeof lucia.validateSession>>, token: string): Authenticated {
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
    setCookie: session.fresh ? lucia.createSessionCookie(token).serialize() : null,
    unreadNotifications: user.unreadNotifications,
  };
}

/**
 * `authenticateCookieHeader` and another statement about the session's user in one round trip
 * (ADR 024): `alongside` is given the user's id as a column and must return at most one row,
 * whose columns must not be named like the session's (`userId`, `expiresAt`, `email`...). Lucia
 * still decides from the session's row, exactly as it would have read it (expiry, sliding
 * refresh, deletion of a dead session); `row` is what `alongside` returned, and is only given
 * when the session is valid and for its own user.
 */
export async function authenticateCookieHeaderWith<Row extends object>(
  cookieHeader: string | null | undefined,
  alongside: (userId: Prisma.Sql) => Prisma.Sql,
): Promise<{ authenticated: Authenticated; row: Row | null }> {
  const session = readSession(cookieHeader);
  if (!session) return { authenticated: SIGNED_OUT, row: null };
  const sessionId = session.id;
  type Found = SessionRow & { alongside__found: boolean | null } & Row;
  const found = await queryRowTogether<Found>(
    (id) => Prisma.sql`
      SELECT session.*, alongside.*
      FROM (${sessionStatement(id)}) session
      LEFT JOIN LATERAL (SELECT true AS alongside__found, a.* FROM (${alongside(Prisma.sql`session."userId"`)}) a) alongside ON true`,
    sessionId,
  );
  const { userId, expiresAt, email, displayName, stakeholderType, organisation, emailVerifiedAt, roles, unreadNotifications, alongside__found, ...row } =
    found ?? ({} as Partial<Found>);
  const sessionRow =
    found && ({ userId, expiresAt, email, displayName, stakeholderType, organisation, emailVerifiedAt, roles, unreadNotifications } as SessionRow);
  const validator = new Lucia(new AlreadyReadSessionAdapter(sessionAndUser(sessionId, sessionRow), sessionAdapter), luciaOptions());
  const result = authenticated(await validator.validateSession(sessionId), session.token);
  return { authenticated: result, row: result.user && alongside__found ? (row as Row) : null };
}

/** The session id a Cookie header stands for, if any (the socket server keys live connections by it). */
export function readSessionId(cookieHeader: string | null | undefined): string | null {
  return readSession(cookieHeader)?.id ?? null;
}

/** Of these session ids, those that name a live, unexpired session. */
export async function liveSessionIds(sessionIds: string[], now = new Date()): Promise<Set<string>> {
  if (sessionIds.length === 0) return new Set();
  const rows = await db.session.findMany({ where: { id: { in: sessionIds }, expiresAt: { gt: now } }, select: { id: true } });
  return new Set(rows.map((r) => r.id));
}

/** Starts a session and returns its Set-Cookie value. */
export async function startSession(userId: string): Promise<string> {
  const token = newSecretToken();
  await lucia.createSession(userId, {}, { sessionId: sessionIdOfToken(token) });
  return lucia.createSessionCookie(token).serialize();
}

/**
 * Ends the session named in the Cookie header, and its open sockets on every process; returns
 * a Set-Cookie value that clears it.
 */
export async function endSession(cookieHeader: string | null, liveConnections?: LiveConnections): Promise<string> {
  const session = readSession(cookieHeader);
  if (session) {
    await lucia.invalidateSession(session.id);
    await liveConnections?.endSession(session.id);
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

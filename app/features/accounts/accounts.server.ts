import crypto from "node:crypto";
import commonPasswords from "fxa-common-password-list";
import { Prisma } from "#app/generated/prisma/client";
import { db } from "#app/utils/db.server";
import { appUrl, sendEmail } from "#app/utils/email.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { hashPassword, verifyDecoy, verifyPassword } from "#app/utils/password.server";
import { endAllSessions } from "#app/utils/auth.server";
import { attachConfirmedGuestRegistrations } from "#app/features/meetings/registrations.server";
import type { LiveConnections } from "#app/utils/realtime";
import { currentNoticeVersion } from "#app/features/privacy/privacy-notice.server";
import { consumeToken, issueToken } from "./account-tokens.server";
import type { SignUpInput } from "./accounts.schema";
import type { JoinRule } from "#app/utils/realtime-rooms";

const TOO_COMMON = "This password is too common. Choose one that is harder to guess";

export function isCommonPassword(password: string): boolean {
  return commonPasswords.test(password) || commonPasswords.test(password.toLowerCase());
}

export async function signUp(input: SignUpInput): Promise<CommandResult<{ userId: string }>> {
  if (isCommonPassword(input.password)) {
    return fail(400, "password", TOO_COMMON);
  }
  // 400 like every other sign-up mistake: the form says what to do next.
  const taken = fail(400, "email", "An account already exists with this email address. Sign in, or reset your password");
  if (await db.user.findUnique({ where: { email: input.email }, select: { id: true } })) return taken;

  const passwordHash = await hashPassword(input.password);
  const privacyNoticeVersion = await currentNoticeVersion();
  try {
    const { userId, token } = await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: {
          id: crypto.randomUUID(),
          email: input.email,
          passwordHash,
          displayName: input.displayName,
          stakeholderType: input.stakeholderType,
          organisation: input.organisation ?? null,
          privacyNoticeVersion,
        },
        select: { id: true },
      });
      return { userId: user.id, token: await issueToken(user.id, "EMAIL_VERIFICATION", tx) };
    });
    await sendVerificationEmail(userId, input.email, input.displayName, token);
    return ok({ userId });
  } catch (error) {
    // Two sign-ups with one address at the same moment: the unique index decides.
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") return taken;
    throw error;
  }
}

async function sendVerificationEmail(userId: string, email: string, displayName: string, token: string) {
  const link = appUrl(`/auth/verify-email?${new URLSearchParams({ token })}`);
  await sendEmail({
    to: email,
    recipientId: userId,
    subject: "Confirm your email address for Touchstone",
    text: `Hello ${displayName},\n\nConfirm your email address by opening this link:\n${link}\n\nThe link works once and expires in 48 hours. If you did not create a Touchstone account, you can ignore this email.\n`,
    html: `<p>Hello ${escapeHtml(displayName)},</p><p><a href="${link}">Confirm your email address</a></p><p>The link works once and expires in 48 hours. If you did not create a Touchstone account, you can ignore this email.</p>`,
  });
}

/** At most this many confirmation (or password reset) links an hour, at least a minute apart: enough for a lost email, useless for flooding an inbox. */
export const VERIFICATION_LINKS_PER_HOUR = 3;
const VERIFICATION_LINK_GAP_MS = 60_000;

/**
 * Whether another emailed link of this purpose would be one too many for this account ("hour":
 * several in the last hour; "minute": one less than a minute ago), counted from the tokens
 * issued, so the limit holds across processes and restarts.
 */
async function tooManyLinks(
  tx: Prisma.TransactionClient,
  userId: string,
  purpose: "EMAIL_VERIFICATION" | "PASSWORD_RESET",
  now: Date,
): Promise<"hour" | "minute" | null> {
  const recent = await tx.accountToken.findMany({
    where: { userId, purpose, createdAt: { gt: new Date(now.getTime() - 3_600_000) } },
    orderBy: { createdAt: "desc" },
    select: { createdAt: true },
  });
  if (recent.length >= VERIFICATION_LINKS_PER_HOUR) return "hour";
  if (recent[0] && now.getTime() - recent[0].createdAt.getTime() < VERIFICATION_LINK_GAP_MS) return "minute";
  return null;
}

/** Sends the actor a new confirmation link, unless the address is confirmed already or links were sent too often. */
export async function resendVerification(actor: { id: string }, now = new Date()): Promise<CommandResult<{ sent: boolean }>> {
  const userId = actor.id;
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { email: true, displayName: true, emailVerifiedAt: true },
  });
  if (!user || user.emailVerifiedAt) return ok({ sent: false });
  const tooMany = await tooManyLinks(db, userId, "EMAIL_VERIFICATION", now);
  if (tooMany === "hour") {
    return fail(429, "form", "We have sent you several links in the last hour. Check your inbox and spam folder, or ask again later");
  }
  if (tooMany === "minute") {
    return fail(429, "form", "We sent you a link less than a minute ago. Check your inbox and spam folder, or ask again in a minute");
  }
  await sendVerificationEmail(userId, user.email, user.displayName, await issueToken(userId, "EMAIL_VERIFICATION"));
  return ok({ sent: true });
}

export async function verifyEmail(token: string): Promise<boolean> {
  return db.$transaction(async (tx) => {
    const userId = await consumeToken(token, "EMAIL_VERIFICATION", tx);
    if (!userId) return false;
    await tx.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } });
    await attachConfirmedGuestRegistrations(tx, userId);
    return true;
  });
}

const WRONG_CREDENTIALS = "Email address or password is incorrect";

export async function checkCredentials(email: string, password: string): Promise<CommandResult<{ userId: string }>> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true } });
  const valid = user ? await verifyPassword(user.passwordHash, password) : await verifyDecoy(password);
  if (!user || !valid) return fail(400, "email", WRONG_CREDENTIALS);
  return ok({ userId: user.id });
}

/**
 * Sends a reset link if the account exists and has not had several lately; says nothing either
 * way, so no one can probe for accounts, and requests from many addresses cannot flood an inbox.
 */
export async function requestPasswordReset(email: string, now = new Date()): Promise<CommandResult> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, displayName: true } });
  if (!user) return ok();
  const token = await db.$transaction(async (tx) => {
    // One request per account at a time, so simultaneous requests cannot each find no recent link.
    await tx.$queryRaw`SELECT id FROM "User" WHERE id = ${user.id} FOR UPDATE`;
    return (await tooManyLinks(tx, user.id, "PASSWORD_RESET", now)) ? null : issueToken(user.id, "PASSWORD_RESET", tx);
  });
  if (!token) return ok();
  const link = appUrl(`/auth/reset-password?${new URLSearchParams({ token })}`);
  await sendEmail({
    to: email,
    recipientId: user.id,
    subject: "Reset your Touchstone password",
    text: `Hello ${user.displayName},\n\nSomeone asked to reset the password for this account. To choose a new password, open this link:\n${link}\n\nThe link works once and expires in 1 hour. If it was not you, ignore this email: your password has not changed.\n`,
    html: `<p>Hello ${escapeHtml(user.displayName)},</p><p>Someone asked to reset the password for this account.</p><p><a href="${link}">Choose a new password</a></p><p>The link works once and expires in 1 hour. If it was not you, ignore this email: your password has not changed.</p>`,
  });
  return ok();
}

export async function resetPassword(token: string, password: string, liveConnections?: LiveConnections): Promise<CommandResult> {
  if (isCommonPassword(password)) {
    return fail(400, "password", TOO_COMMON);
  }
  const passwordHash = await hashPassword(password);
  const userId = await db.$transaction(async (tx) => {
    const id = await consumeToken(token, "PASSWORD_RESET", tx);
    if (!id) return null;
    // Following the emailed link also proves the address.
    const user = await tx.user.findUniqueOrThrow({ where: { id }, select: { emailVerifiedAt: true } });
    await tx.user.update({
      where: { id },
      data: { passwordHash, emailVerifiedAt: user.emailVerifiedAt ?? new Date() },
    });
    await attachConfirmedGuestRegistrations(tx, id);
    return id;
  });
  if (!userId) {
    return fail(400, "form", "This reset link has expired or has already been used. Ask for a new one");
  }
  // Signed out everywhere, including pages open with a live connection.
  await endAllSessions(userId, liveConnections);
  return ok();
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!);
}

/** A person's own room (their notifications and account changes): that person only. */
export const mayJoinUserRoom: JoinRule = async (viewer, userId) => viewer?.id === userId;

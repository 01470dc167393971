import { newSecretToken, secretTokenHash } from "#app/utils/secret-tokens.server";
import type { AccountTokenPurpose } from "#app/generated/prisma/enums";
import type { Prisma } from "#app/generated/prisma/client";
import { db } from "#app/utils/db.server";

const LIFETIME_MS: Record<AccountTokenPurpose, number> = {
  EMAIL_VERIFICATION: 48 * 60 * 60 * 1000,
  PASSWORD_RESET: 60 * 60 * 1000,
  // In every notification email; it works as often as it is used, for a year.
  UNSUBSCRIBE: 365 * 24 * 60 * 60 * 1000,
};

/**
 * Issues a single-use token; only its hash is stored. Returns the token for the emailed link.
 * `lifetimeMs` lets a link that is not a reaction to the person's own request (an
 * administrator's first password) last longer than the purpose's default.
 */
export async function issueToken(
  userId: string,
  purpose: AccountTokenPurpose,
  tx: Prisma.TransactionClient = db,
  lifetimeMs = LIFETIME_MS[purpose],
): Promise<string> {
  const token = newSecretToken();
  await tx.accountToken.create({
    data: { tokenHash: secretTokenHash(token), userId, purpose, expiresAt: new Date(Date.now() + lifetimeMs) },
  });
  return token;
}

/**
 * Marks the token used and returns its user id, or null when it is unknown, used or
 * expired. The conditional update makes two simultaneous uses succeed at most once.
 */
export async function consumeToken(token: string, purpose: AccountTokenPurpose, tx: Prisma.TransactionClient = db): Promise<string | null> {
  const tokenHash = secretTokenHash(token);
  const { count } = await tx.accountToken.updateMany({
    where: { tokenHash, purpose, usedAt: null, expiresAt: { gt: new Date() } },
    data: { usedAt: new Date() },
  });
  if (count !== 1) return null;
  const row = await tx.accountToken.findUnique({ where: { tokenHash }, select: { userId: true } });
  return row?.userId ?? null;
}

/** One token each for many people in one statement (an email to every Forum member, say). */
export async function issueTokens(userIds: string[], purpose: AccountTokenPurpose, tx: Prisma.TransactionClient = db): Promise<Map<string, string>> {
  const tokens = new Map(userIds.map((userId) => [userId, newSecretToken()]));
  const expiresAt = new Date(Date.now() + LIFETIME_MS[purpose]);
  await tx.accountToken.createMany({ data: [...tokens].map(([userId, token]) => ({ tokenHash: secretTokenHash(token), userId, purpose, expiresAt })) });
  return tokens;
}

/** The person a reusable token (an unsubscribe link) stands for, while it has not expired. */
export async function holderOfToken(token: string, purpose: AccountTokenPurpose): Promise<string | null> {
  const row = await db.accountToken.findFirst({
    where: { tokenHash: secretTokenHash(token), purpose, expiresAt: { gt: new Date() } },
    select: { userId: true },
  });
  return row?.userId ?? null;
}

export async function isTokenUsable(token: string, purpose: AccountTokenPurpose): Promise<boolean> {
  const row = await db.accountToken.findFirst({
    where: { tokenHash: secretTokenHash(token), purpose, usedAt: null, expiresAt: { gt: new Date() } },
    select: { userId: true },
  });
  return row !== null;
}

import { newSecretToken } from "#app/utils/secret-tokens.server";
import crypto from "node:crypto";
import { db } from "#app/utils/db.server";
import { appUrl, sendEmail } from "#app/utils/email.server";
import { hashPassword } from "#app/utils/password.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { issueToken } from "./account-tokens.server";
import { CreateAdministratorSchema } from "./accounts.schema";

/** Long enough to reach the emailed link the next working day; it still works only once. */
export const ADMIN_SET_PASSWORD_LINK_HOURS = 24;

/**
 * `npm run admin:create -- <email>`: a real deployment starts with no accounts, so its first
 * administrator is made from the server's shell, never from a published demo password.
 * The account gets no usable password: the person chooses one through the password-reset
 * link (the same single-use, hashed token as "forgot password"), which also confirms the
 * address. The link is printed for the operator and emailed through the outbox queue.
 */
export async function createAdministrator(input: { email: string; displayName?: string }): Promise<CommandResult<{ userId: string; link: string }>> {
  const parsed = CreateAdministratorSchema.safeParse(input);
  if (!parsed.success) return fail(400, "email", parsed.error.issues[0].message);
  const { email, displayName } = parsed.data;
  if (await db.user.findUnique({ where: { email }, select: { id: true } })) {
    return fail(409, "email", `An account for ${email} already exists: an administrator can give it the Administrator role at /admin/users.`);
  }
  // Nobody knows this password, so the account cannot be signed into until the link is used.
  const unusablePasswordHash = await hashPassword(newSecretToken());
  const userId = crypto.randomUUID();
  const token = await db.$transaction(async (tx) => {
    await tx.user.create({
      data: {
        id: userId,
        email,
        passwordHash: unusablePasswordHash,
        displayName,
        stakeholderType: "STAFF",
        // Naming the role here is data, not a permission check: this command exists to make
        // the one account that can then grant every other role.
        roles: { create: [{ role: "ADMIN" }] },
      },
    });
    await tx.auditEvent.create({ data: { action: "account.create-administrator", subject: `user:${userId}` } });
    return issueToken(userId, "PASSWORD_RESET", tx, ADMIN_SET_PASSWORD_LINK_HOURS * 3_600_000);
  });
  const link = appUrl(`/auth/reset-password?${new URLSearchParams({ token })}`);
  await sendEmail({
    to: email,
    recipientId: userId,
    subject: "Set your Touchstone administrator password",
    text: `An administrator account for Touchstone was created for this address.\n\nTo choose your password, open this link:\n${link}\n\nThe link works once and expires in ${ADMIN_SET_PASSWORD_LINK_HOURS} hours.\n`,
  });
  return ok({ userId, link });
}

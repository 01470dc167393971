import crypto from "node:crypto";
import type { RoleName, StakeholderType } from "#app/generated/prisma/enums";
import { startSession } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { hashPassword } from "#app/utils/password.server";

export const TEST_PASSWORD = "a-Long-test-passphrase-42";
let passwordHash: Promise<string> | undefined;

export function uniqueEmail(label = "person") {
  return `${label}-${crypto.randomUUID().slice(0, 8)}@example.test`;
}

export async function createUser(
  options: {
    roles?: RoleName[];
    verified?: boolean;
    email?: string;
    displayName?: string;
    stakeholderType?: StakeholderType;
  } = {},
) {
  passwordHash ??= hashPassword(TEST_PASSWORD);
  const email = options.email ?? uniqueEmail();
  const user = await db.user.create({
    data: {
      id: crypto.randomUUID(),
      email,
      passwordHash: await passwordHash,
      displayName: options.displayName ?? `Tester ${email.slice(0, 12)}`,
      stakeholderType: options.stakeholderType ?? "PUBLIC",
      emailVerifiedAt: options.verified === false ? null : new Date(),
      roles: { create: (options.roles ?? []).map((role) => ({ role })) },
    },
  });
  return { user, email, password: TEST_PASSWORD };
}

/** A signed-in user and the Cookie header their browser would send. */
export async function signedInUser(options: Parameters<typeof createUser>[0] = {}) {
  const created = await createUser(options);
  const setCookie = await startSession(created.user.id);
  return { ...created, cookie: setCookie.split(";")[0] };
}

export function form(fields: Record<string, string | string[]>): URLSearchParams {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, v);
  }
  return body;
}

/** Posts a form as a browser without JavaScript would (with its Origin); redirects are not followed. */
export function postForm(url: string, fields: Record<string, string | string[]>, cookie?: string) {
  return fetch(url, {
    method: "POST",
    body: form(fields),
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: new URL(url).origin, ...(cookie ? { Cookie: cookie } : {}) },
  });
}

export function getPage(url: string, cookie?: string) {
  return fetch(url, { redirect: "manual", headers: cookie ? { Cookie: cookie } : {} });
}

/** A board secretary assigned to keep this body's record. */
export async function secretaryOf(bodyId: string) {
  const secretary = await signedInUser({ roles: ["BOARD_SECRETARY"] });
  await db.bodySecretary.create({ data: { bodyId, userId: secretary.user.id } });
  return secretary;
}

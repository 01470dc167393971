import type { SessionUser } from "~/utils/auth.server";
import { db } from "~/utils/db.server";
import { fail, type Failure } from "~/utils/results";
import { canManageBodies, canManageBody } from "./governance.policy";

type Actor = Pick<SessionUser, "id" | "roles"> | null;

/** Whether this person keeps the body's record (see canManageBody). */
export async function managesBody(actor: Actor, where: { id: string } | { slug: string }): Promise<boolean> {
  if (!canManageBodies(actor)) return false;
  const secretaries = await db.bodySecretary.findMany({ where: { body: where }, select: { userId: true } });
  return canManageBody(actor, secretaries.map((s) => s.userId));
}

/** Who keeps the body's record, by name: the body page is public, so never their email addresses. */
export function bodySecretaries(bodyId: string) {
  return db.bodySecretary.findMany({ where: { bodyId }, orderBy: { user: { displayName: "asc" } }, select: { user: { select: { id: true, displayName: true } } } });
}

/** Administrators assign board secretaries (people with that role) to bodies. */
export async function assignSecretary(admin: SessionUser, slug: string, email: string, assign: boolean): Promise<{ ok: true } | Failure> {
  if (!admin.roles.includes("ADMIN")) return fail(403, "form", "Only administrators assign secretaries");
  const [body, user] = await Promise.all([
    db.body.findUnique({ where: { slug }, select: { id: true } }),
    db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true, roles: { select: { role: true } } } }),
  ]);
  if (!body) return fail(404, "form", "This body does not exist");
  if (!user) return fail(400, "email", "There is no account with this email address");
  if (assign) {
    if (!user.roles.some((r) => r.role === "BOARD_SECRETARY")) return fail(400, "email", "Give this person the board secretary role first (Admin, users)");
    await db.bodySecretary.createMany({ data: [{ bodyId: body.id, userId: user.id }], skipDuplicates: true });
  } else {
    await db.bodySecretary.deleteMany({ where: { bodyId: body.id, userId: user.id } });
  }
  return { ok: true };
}

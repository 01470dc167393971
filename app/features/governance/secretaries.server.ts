import type { SessionUser } from "#app/utils/auth.server";
import { db } from "#app/utils/db.server";
import { holdsPermission } from "#app/utils/permissions.server";
import { fail, ok, type CommandResult } from "#app/utils/results";
import { canAssignSecretaries, canManageBodies, manageBody } from "./governance.policy";

type Actor = Pick<SessionUser, "id" | "roles"> | null;

/** Whether this person keeps the body's record (the manageBody rule, asked of the database). */
export async function managesBody(actor: Actor, where: { id: string } | { slug: string }): Promise<boolean> {
  if (!canManageBodies(actor)) return false;
  return (await db.body.count({ where: { AND: [where, manageBody.where(actor)] } })) > 0;
}

/** Who keeps the body's record, by name: the body page is public, so never their email addresses. */
export function bodySecretaries(bodyId: string) {
  return db.bodySecretary.findMany({
    where: { bodyId },
    orderBy: { user: { displayName: "asc" } },
    select: { user: { select: { id: true, displayName: true } } },
  });
}

/** Administrators assign people who may keep a body's record (board secretaries) to bodies. */
export async function assignSecretary(actor: SessionUser, slug: string, email: string, assign: boolean): Promise<CommandResult> {
  if (!canAssignSecretaries(actor)) return fail(403, "form", "Only administrators assign secretaries");
  const [body, user] = await Promise.all([
    db.body.findUnique({ where: { slug }, select: { id: true } }),
    db.user.findUnique({ where: { email: email.toLowerCase() }, select: { id: true } }),
  ]);
  if (!body) return fail(404, "form", "This body does not exist");
  if (!user) return fail(400, "email", "There is no account with this email address");
  if (assign) {
    const mayKeepRecords = await db.user.count({ where: { id: user.id, ...holdsPermission("manage:body:any") } });
    if (!mayKeepRecords) return fail(400, "email", "Give this person the board secretary role first (Admin, users)");
    await db.bodySecretary.createMany({ data: [{ bodyId: body.id, userId: user.id }], skipDuplicates: true });
  } else {
    await db.bodySecretary.deleteMany({ where: { bodyId: body.id, userId: user.id } });
  }
  return ok();
}

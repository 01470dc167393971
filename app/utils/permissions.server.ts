import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { SessionUser } from "./auth.server";
import { db, type Db } from "./db.server";
import type { Prisma } from "#app/generated/prisma/client";
import { hasPermission, rolesWith, type Permission } from "./permissions";

/** The signed-in user, or a redirect to sign in that comes back here afterwards. */
export function requireUser(context: AppLoadContext, request: Request): SessionUser {
  if (context.user) return context.user;
  const url = new URL(request.url);
  const redirectTo = `${url.pathname}${url.search}`;
  throw redirect(`/auth/sign-in?${new URLSearchParams({ redirectTo })}`);
}

export function forbidden(message = "You do not have permission to do this."): Response {
  return new Response(message, { status: 403, statusText: "Forbidden" });
}

export function requirePermission(context: AppLoadContext, request: Request, permission: Permission): SessionUser {
  const user = requireUser(context, request);
  if (!hasPermission(user, permission)) throw forbidden();
  return user;
}

export function requireAnonymous(context: AppLoadContext): void {
  if (context.user) throw redirect("/account");
}

/** A Prisma `where` for the people who hold a permission through any of their roles. */
export function holdsPermission(permission: Permission): Prisma.UserWhereInput {
  return { roles: { some: { role: { in: rolesWith(permission) } } } };
}

/** Everyone who holds a permission (the recipients of an alert or a reminder), in a transaction if given. */
export function usersWithPermission(permission: Permission, client: Db | Prisma.TransactionClient = db) {
  return client.user.findMany({ where: { ...holdsPermission(permission), erasedAt: null }, select: { id: true, email: true, displayName: true } });
}

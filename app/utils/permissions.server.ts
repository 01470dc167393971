import type { AppLoadContext } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import type { SessionUser } from "./auth.server";
import { hasPermission, type Permission } from "./permissions";

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

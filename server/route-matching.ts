import type { ServerBuild } from "@remix-run/node";
import { matchRoutes } from "@remix-run/react";

type RouteNode = { id: string; path?: string; index?: boolean; caseSensitive?: boolean; children?: RouteNode[] };

/**
 * Which Remix route a path reaches, decided exactly as Remix decides it (the same
 * matchRoutes: case-insensitive, trailing slash ignored, percent-escapes decoded).
 * Anything keyed by raw path (`/AUTH/SIGN-IN`, `/auth/sign-in/`, `/auth/sign%2Din`) can
 * be walked round; keyed by route id, every spelling of a page is the same page.
 */
export function createRouteMatcher(routes: ServerBuild["routes"]) {
  const byParent = new Map<string | undefined, RouteNode[]>();
  for (const route of Object.values(routes)) {
    const siblings = byParent.get(route.parentId) ?? [];
    siblings.push({ id: route.id, path: route.path, index: route.index, caseSensitive: route.caseSensitive });
    byParent.set(route.parentId, siblings);
  }
  const attach = (nodes: RouteNode[]): RouteNode[] => nodes.map((node) => (node.index ? node : { ...node, children: attach(byParent.get(node.id) ?? []) }));
  const tree = attach(byParent.get(undefined) ?? []);
  /** The id of the deepest route that answers this path, or null when none does. */
  return function routeIdFor(pathname: string): string | null {
    let matches;
    try {
      matches = matchRoutes(tree as Parameters<typeof matchRoutes>[0], pathname);
    } catch {
      return null;
    }
    return matches?.at(-1)?.route.id ?? null;
  };
}

import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";

/**
 * Every route of the production build that has a loader, as its id and its URL pattern
 * (`/bodies/:slug/papers/:paperId`, `*` for a splat). Read from the built route manifest, so a
 * test that walks them covers a new route without being changed.
 */
export async function routesOfBuild(): Promise<{ id: string; pattern: string }[]> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const fullPath = (id: string): string => {
    const route = build.routes[id]!;
    const own = route.index ? "" : (route.path ?? "");
    return route.parentId ? `${fullPath(route.parentId)}/${own}`.replace(/\/+/g, "/") : `/${own}`;
  };
  return Object.values(build.routes)
    .filter((route) => route.module.loader)
    .map((route) => ({ id: route.id, pattern: fullPath(route.id).replace(/\/$/, "") || "/" }));
}

/**
 * A pattern's URL: each `:name` from the values for its section (the path's first segment, e.g.
 * "bodies"), else from `other`, else "none"; a splat becomes a page that does not exist.
 */
export function fillPattern(pattern: string, params: Record<string, Record<string, string>>): string {
  const section = pattern.split("/")[1] ?? "";
  const values = params[section] ?? params.other ?? {};
  return pattern.replace(/:(\w+)/g, (_, name: string) => values[name] ?? params.other?.[name] ?? "none").replace("*", "no-such-page");
}

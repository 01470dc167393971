import path from "node:path";
import { pathToFileURL } from "node:url";
import type { ServerBuild } from "@remix-run/node";
import { matchRoutes, type AgnosticRouteObject } from "@remix-run/router";
import { describe, expect, it } from "vitest";

type Route = AgnosticRouteObject & { id: string; children?: Route[] };

// The app's route tree as Remix's server builds it: the production build's routes, nested.
async function appRoutes(): Promise<Route[]> {
  const build = (await import(pathToFileURL(path.resolve("build/index.js")).href)) as ServerBuild;
  const routes = Object.values(build.routes);
  const childrenOf = (parentId: string | undefined): Route[] =>
    routes
      .filter((r) => r.parentId === parentId)
      .map((r) => (r.index ? { id: r.id, index: true, path: r.path } : { id: r.id, path: r.path, caseSensitive: r.caseSensitive, children: childrenOf(r.id) }));
  return childrenOf(undefined);
}

// A path for every route (params and splats filled in), spelled as people and scripts spell them.
function pathsFor(routes: Route[]): string[] {
  const paths: string[] = ["/", "/no/such/page", "/meetings", "/MEETINGS/", "/proposals/x%2Dy", "/%E2%9C%93"];
  const walk = (route: Route, prefix: string) => {
    const here = route.path ? `${prefix}/${route.path}`.replace(/\/+/g, "/") : prefix;
    const filled = here.replace(/:[\w-]+\??/g, "some-slug").replace(/\*$/, "a/b");
    paths.push(filled || "/", `${filled}/`, filled.toUpperCase() || "/");
    for (const child of route.children ?? []) walk(child, here);
  };
  for (const route of routes) walk(route, "");
  return [...new Set(paths)];
}

const summary = (matches: ReturnType<typeof matchRoutes<Route>>) =>
  matches?.map((m) => ({ id: m.route.id, params: m.params, pathname: m.pathname, base: m.pathnameBase }));

// Route matching is patched (scripts/patches, ADR 034) to flatten the route tree once and to
// remember recent answers. These check that it answers exactly as matching from scratch does.
describe("route matching, with the route tree and recent answers remembered", () => {
  it("answers every path as matching from scratch does, the first time and every time after", async () => {
    const routes = await appRoutes();
    const paths = pathsFor(routes);
    expect(paths.length).toBeGreaterThan(100);
    for (let round = 0; round < 3; round++) {
      for (const pathname of paths) {
        // A new top-level array is a tree never seen before: flattened and matched afresh.
        expect(summary(matchRoutes(routes, pathname)), pathname).toEqual(summary(matchRoutes([...routes], pathname)));
      }
    }
  });

  it("gives each caller its own answer: changing one does not change the next", async () => {
    const routes = await appRoutes();
    const first = matchRoutes(routes, "/meetings/open-meeting")!;
    expect(first.at(-1)!.params).toEqual({ slug: "open-meeting" });
    (first.at(-1)!.params as Record<string, string>).slug = "changed";
    first.pop();
    const second = matchRoutes(routes, "/meetings/open-meeting")!;
    expect(second).toHaveLength(first.length + 1);
    expect(second.at(-1)!.params).toEqual({ slug: "open-meeting" });
    // Every match of one answer shares its params, as React Router's own answers do.
    expect(new Set(second.map((m) => m.params)).size).toBe(1);
  });
});

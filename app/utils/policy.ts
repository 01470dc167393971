/**
 * A policy rule, written once and used both ways: `allows` decides for a resource already
 * loaded (commands, and pages deciding what to show); `where` is the Prisma filter that
 * selects only the resources it allows (lists and lookups), so a query can never show more
 * than the predicate would. Each feature's *.policy.ts exports its rules in this shape, and a
 * test per feature checks that the two agree.
 */
export type Rule<Viewer, Resource, Where> = {
  allows: (viewer: Viewer, resource: Resource) => boolean;
  where: (viewer: Viewer) => Where;
};

export function rule<Viewer, Resource, Where>(definition: Rule<Viewer, Resource, Where>): Rule<Viewer, Resource, Where> {
  return definition;
}

import type { RoleName } from "#app/generated/prisma/enums";
import { hasPermission } from "#app/utils/permissions";

type Viewer = { id: string; roles: readonly RoleName[] } | null;

/** Producing a copy of someone else's data answers a subject access request. */
export const canExportForOthers = (viewer: Viewer) => hasPermission(viewer, "export:personal-data:any");

export const canEraseOthers = (viewer: Viewer) => hasPermission(viewer, "erase:personal-data:any");

export const canManageRetention = (viewer: Viewer) => hasPermission(viewer, "manage:retention:any");

/**
 * A copy is downloaded only by the person who asked for it: the person themselves, or the
 * administrator answering the request while they still may. A link forwarded to anyone
 * else, even another administrator, does not open.
 */
export function canDownloadExport(viewer: Viewer, copy: { subjectId: string; requestedById: string }): boolean {
  if (!viewer || viewer.id !== copy.requestedById) return false;
  return copy.subjectId === viewer.id || canExportForOthers(viewer);
}

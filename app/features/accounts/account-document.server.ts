import { createHash } from "node:crypto";
import { getPreferences } from "#app/features/notifications/notifications.server";
import type { SessionUser } from "#app/utils/auth.server";

/**
 * The account page shows the reader (as the session reads them, with their unread count) and
 * their email preferences, nothing else (routes/account.tsx). Its render is reused while those
 * are unchanged (ADR 024): this reads the preferences fresh, as the page's loader does, and
 * returns the key of the document they make. Change the two together.
 */
export async function accountDocumentKey(url: URL, viewer: SessionUser, unread: number): Promise<string> {
  const preferences = await getPreferences(viewer);
  return createHash("sha1")
    .update(JSON.stringify([url.search, viewer, unread, preferences]))
    .digest("base64");
}

import type { Database } from "../db/client";
import { deleteExpiredPortalLinks } from "../repositories/portal-links";
import { deleteExpiredPortalSessions } from "../repositories/portal-sessions";

/** Deletes portal links and sessions past their expiry: neither can open or act again. */
export async function purgeExpiredPortalRows(db: Database, now: Date = new Date()) {
  const at = now.toISOString();
  await deleteExpiredPortalLinks(db, at);
  await deleteExpiredPortalSessions(db, at);
}

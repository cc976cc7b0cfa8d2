import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { portalSessions } from "../db/portal-schema";

/** Stores a new session. */
export async function insertPortalSession(db: Database, row: typeof portalSessions.$inferInsert) {
  await db.insert(portalSessions).values(row);
}

/** A session that has neither ended nor expired, or null. */
export async function findLivePortalSession(db: Database, id: string, now: string) {
  const row = await db
    .select({ walletId: portalSessions.walletId, readOnly: portalSessions.readOnly })
    .from(portalSessions)
    .where(
      and(
        eq(portalSessions.id, id),
        isNull(portalSessions.endedAt),
        gt(portalSessions.expiresAt, now),
      ),
    )
    .get();
  return row ?? null;
}

/** Ends a session for good (sign-out). */
export async function endPortalSession(db: Database, id: string, now: string) {
  await db
    .update(portalSessions)
    .set({ endedAt: now })
    .where(and(eq(portalSessions.id, id), isNull(portalSessions.endedAt)));
}

/** Deletes sessions that expired before `before`. */
export async function deleteExpiredPortalSessions(db: Database, before: string) {
  await db.delete(portalSessions).where(lt(portalSessions.expiresAt, before));
}

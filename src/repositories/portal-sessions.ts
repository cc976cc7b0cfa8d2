import { and, eq, gt, isNull, lt, or } from "drizzle-orm";
import type { Database } from "../db/client";
import { portalSessions } from "../db/portal-schema";
import { apiKeys } from "../db/schema";
import type { AllWallets } from "./scope";

/** Stores a new session. */
export async function insertPortalSession(db: Database, row: typeof portalSessions.$inferInsert) {
  await db.insert(portalSessions).values(row);
}

/**
 * A session that has neither ended nor expired, or null; a wallet session opened with a key
 * also needs that key unrevoked (one query: the key row is joined by its hash). The admin
 * session's key hash is returned for the caller to compare with the configured admin key.
 */
export async function findLivePortalSession(db: Database, id: string, now: string) {
  const row = await db
    .select({
      walletId: portalSessions.walletId,
      keyHash: portalSessions.keyHash,
      readOnly: portalSessions.readOnly,
    })
    .from(portalSessions)
    .leftJoin(apiKeys, eq(apiKeys.keyHash, portalSessions.keyHash))
    .where(
      and(
        eq(portalSessions.id, id),
        isNull(portalSessions.endedAt),
        gt(portalSessions.expiresAt, now),
        or(
          isNull(portalSessions.walletId),
          isNull(portalSessions.keyHash),
          and(eq(apiKeys.walletId, portalSessions.walletId), isNull(apiKeys.revokedAt)),
        ),
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
export async function deleteExpiredPortalSessions(
  db: Database,
  _scope: AllWallets,
  before: string,
) {
  await db.delete(portalSessions).where(lt(portalSessions.expiresAt, before));
}

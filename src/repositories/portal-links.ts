import { and, eq, gt, isNull, lt } from "drizzle-orm";
import type { Database } from "../db/client";
import { portalLinks } from "../db/portal-schema";
import type { AllWallets } from "./scope";

/** Stores a new link (its token only as a hash). */
export async function insertPortalLink(db: Database, row: typeof portalLinks.$inferInsert) {
  await db.insert(portalLinks).values(row);
}

/**
 * Marks an unused, unexpired link used and returns what it opens, in one conditional UPDATE:
 * of two concurrent opens exactly one gets the row back, so a link opens once.
 */
export async function consumePortalLink(
  db: Database,
  tokenHash: string,
  now: string,
): Promise<{ walletId: string; readOnly: boolean } | null> {
  const row = await db
    .update(portalLinks)
    .set({ usedAt: now })
    .where(
      and(
        eq(portalLinks.tokenHash, tokenHash),
        isNull(portalLinks.usedAt),
        gt(portalLinks.expiresAt, now),
      ),
    )
    .returning({ walletId: portalLinks.walletId, readOnly: portalLinks.readOnly })
    .get();
  return row ?? null;
}

/** Deletes links that expired before `before` (used or not): they can never open again. */
export async function deleteExpiredPortalLinks(db: Database, _scope: AllWallets, before: string) {
  await db.delete(portalLinks).where(lt(portalLinks.expiresAt, before));
}

import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys } from "../db/schema";

/** The wallet an active (unrevoked) key hash belongs to, or null. */
export async function findWalletByKeyHash(db: Database, keyHash: string): Promise<string | null> {
  const row = await db
    .select({ walletId: apiKeys.walletId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
  return row?.walletId ?? null;
}

/** The insert statement for a new key (batched with the wallet that owns it). */
export function insertApiKey(db: Database, row: typeof apiKeys.$inferInsert) {
  return db.insert(apiKeys).values(row);
}

/** A wallet's keys, newest first (hashes never leave this layer). */
export async function listApiKeys(db: Database, walletId: string) {
  return db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.walletId, walletId))
    .orderBy(apiKeys.createdAt)
    .all();
}

/** Revokes one of a wallet's keys; returns the revoked key's hash, or null when there is no such active key. */
export async function revokeApiKey(
  db: Database,
  walletId: string,
  keyId: string,
  at: string,
): Promise<string | null> {
  const row = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.walletId, walletId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)))
    .returning({ keyHash: apiKeys.keyHash })
    .get();
  return row?.keyHash ?? null;
}

import { and, eq, isNull } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys } from "../db/schema";
import type { AllWallets, WalletScope } from "./scope";

/** The wallet an active (unrevoked) key hash belongs to, or null. */
export async function findWalletByKeyHash(
  db: Database,
  _scope: AllWallets,
  keyHash: string,
): Promise<string | null> {
  const row = await db
    .select({ walletId: apiKeys.walletId })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
  return row?.walletId ?? null;
}

/** A wallet's keys, newest first (hashes never leave this layer). */
export async function listApiKeys(db: Database, scope: WalletScope) {
  return db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      createdAt: apiKeys.createdAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.walletId, scope.walletId))
    .orderBy(apiKeys.createdAt)
    .all();
}

/** Revokes one of a wallet's keys; returns the revoked key's hash, or null when there is no such active key. */
export async function revokeApiKey(
  db: Database,
  scope: WalletScope,
  keyId: string,
  at: string,
): Promise<string | null> {
  const row = await db
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(
      and(eq(apiKeys.walletId, scope.walletId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)),
    )
    .returning({ keyHash: apiKeys.keyHash })
    .get();
  return row?.keyHash ?? null;
}

/** Stores a new key of the scope's wallet. */
export async function insertApiKey(
  db: Database,
  scope: WalletScope,
  row: Omit<typeof apiKeys.$inferInsert, "walletId">,
): Promise<void> {
  await db.insert(apiKeys).values({ ...row, walletId: scope.walletId });
}

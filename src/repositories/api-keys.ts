import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, authEpoch } from "../db/schema";
import type { AllWallets, WalletScope } from "./scope";

/** The unrevoked key with this hash (expired or not: the caller compares with its clock), or null. */
export async function findKeyByHash(db: Database, _scope: AllWallets, keyHash: string) {
  const row = await db
    .select({
      walletId: apiKeys.walletId,
      keyId: apiKeys.id,
      scopes: apiKeys.scopes,
      expiresAt: apiKeys.expiresAt,
    })
    .from(apiKeys)
    .where(and(eq(apiKeys.keyHash, keyHash), isNull(apiKeys.revokedAt)))
    .get();
  return row ?? null;
}

/** The revocation counter every isolate polls (src/services/key-cache.ts). */
export async function readAuthEpoch(db: Database, _scope: AllWallets): Promise<number> {
  const row = await db.select({ version: authEpoch.version }).from(authEpoch).get();
  return row?.version ?? 0;
}

/** The statement that moves the revocation counter: batch it with the change it announces. */
export function bumpAuthEpoch(db: Database) {
  return db
    .update(authEpoch)
    .set({ version: sql`${authEpoch.version} + 1` })
    .where(eq(authEpoch.id, 1));
}

/** A wallet's keys, newest first (hashes never leave this layer). */
export async function listApiKeys(db: Database, scope: WalletScope) {
  return db
    .select({
      id: apiKeys.id,
      prefix: apiKeys.prefix,
      name: apiKeys.name,
      scopes: apiKeys.scopes,
      createdAt: apiKeys.createdAt,
      expiresAt: apiKeys.expiresAt,
      revokedAt: apiKeys.revokedAt,
    })
    .from(apiKeys)
    .where(eq(apiKeys.walletId, scope.walletId))
    .orderBy(apiKeys.createdAt)
    .all();
}

/**
 * Revokes one of a wallet's keys and moves the revocation counter in the same batch; returns
 * the revoked key's hash, or null when there is no such active key.
 */
export async function revokeApiKey(
  db: Database,
  scope: WalletScope,
  keyId: string,
  at: string,
): Promise<string | null> {
  const [rows] = await db.batch([
    db
      .update(apiKeys)
      .set({ revokedAt: at })
      .where(
        and(eq(apiKeys.walletId, scope.walletId), eq(apiKeys.id, keyId), isNull(apiKeys.revokedAt)),
      )
      .returning({ keyHash: apiKeys.keyHash }),
    bumpAuthEpoch(db),
  ]);
  return rows[0]?.keyHash ?? null;
}

/** Stores a new key of the scope's wallet. */
export async function insertApiKey(
  db: Database,
  scope: WalletScope,
  row: Omit<typeof apiKeys.$inferInsert, "walletId">,
): Promise<void> {
  await db.insert(apiKeys).values({ ...row, walletId: scope.walletId });
}

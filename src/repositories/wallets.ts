import { asc, eq, gt } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, type WalletRow, wallets } from "../db/schema";
import { type AllWallets, covers, type Scope } from "./scope";

/** Creates a wallet with its first API key in one atomic batch (admin only). */
export async function insertWalletWithKey(
  db: Database,
  _scope: AllWallets,
  wallet: typeof wallets.$inferInsert,
  key: typeof apiKeys.$inferInsert,
): Promise<void> {
  await db.batch([db.insert(wallets).values(wallet), db.insert(apiKeys).values(key)]);
}

/** One wallet in the scope, or null (another wallet is null too). */
export async function findWallet(
  db: Database,
  scope: Scope,
  id: string,
): Promise<WalletRow | null> {
  if (!covers(scope, id)) return null;
  return (await db.select().from(wallets).where(eq(wallets.id, id)).get()) ?? null;
}

/** A page of wallets in creation order (ids are UUIDv7). */
export async function listWallets(
  db: Database,
  _scope: AllWallets,
  limit: number,
  afterId: string | null,
): Promise<WalletRow[]> {
  return db
    .select()
    .from(wallets)
    .where(afterId ? gt(wallets.id, afterId) : undefined)
    .orderBy(asc(wallets.id))
    .limit(limit)
    .all();
}

/** Sets (or with null clears) a wallet's sealed iGrant ingest secret; false when there is no such wallet. */
export async function setWalletIgrantSecret(
  db: Database,
  _scope: AllWallets,
  id: string,
  sealed: string | null,
): Promise<boolean> {
  const row = await db
    .update(wallets)
    .set({ igrantWebhookSecretEnc: sealed })
    .where(eq(wallets.id, id))
    .returning({ id: wallets.id })
    .get();
  return row !== undefined;
}

/** Deletes a wallet; its keys and webhooks go with it (ON DELETE CASCADE). */
export async function deleteWallet(db: Database, _scope: AllWallets, id: string): Promise<boolean> {
  const gone = await db
    .delete(wallets)
    .where(eq(wallets.id, id))
    .returning({ id: wallets.id })
    .get();
  return gone !== undefined;
}

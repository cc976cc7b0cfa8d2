import { and, asc, eq, gt, sql } from "drizzle-orm";
import type { Database } from "../db/client";
import { apiKeys, deletedWallets, type WalletRow, wallets } from "../db/schema";
import { bumpAuthEpoch } from "./api-keys";
import { type AllWallets, covers, type Scope } from "./scope";

/** Creates a wallet with its first API key in one atomic batch (admin only). */
export async function insertWalletWithKey(
  db: Database,
  _scope: AllWallets,
  wallet: typeof wallets.$inferInsert,
  key: typeof apiKeys.$inferInsert,
): Promise<void> {
  // A deleted wallet's id: its row is taken back out in the same batch, so the key's insert
  // fails its foreign key and the batch rolls back (checked atomically, no race with a delete).
  // drizzle names the columns; a column added later keeps its default.
  await db.batch([
    db.insert(wallets).values(wallet),
    db
      .delete(wallets)
      .where(
        and(
          eq(wallets.id, wallet.id),
          sql`EXISTS (SELECT 1 FROM deleted_wallets WHERE id = ${wallet.id})`,
        ),
      ),
    db.insert(apiKeys).values(key),
  ]);
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

/**
 * Deletes a wallet in one atomic batch: a tombstone keeps its id from being reused and marks
 * its rows for the purge (cron/wallet-purge.ts), its keys, webhooks and event types go at
 * once (ON DELETE CASCADE), and the revocation counter moves so every isolate drops its keys.
 */
export async function deleteWallet(
  db: Database,
  _scope: AllWallets,
  id: string,
  at: string,
): Promise<boolean> {
  const [, gone] = await db.batch([
    // Every column, in the table's order: id, deleted_at, purged_at.
    db
      .insert(deletedWallets)
      .select(sql`SELECT id, ${at}, NULL FROM wallets WHERE id = ${id}`)
      .onConflictDoUpdate({ target: deletedWallets.id, set: { deletedAt: at, purgedAt: null } }),
    db.delete(wallets).where(eq(wallets.id, id)).returning({ id: wallets.id }),
    bumpAuthEpoch(db),
  ]);
  return gone.length > 0;
}

/** Whether this id belonged to a wallet that was deleted (ids are never reused). */
export async function isDeletedWallet(db: Database, _scope: AllWallets, id: string) {
  const row = await db
    .select({ id: deletedWallets.id })
    .from(deletedWallets)
    .where(eq(deletedWallets.id, id))
    .get();
  return row !== undefined;
}

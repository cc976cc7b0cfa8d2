import type { Database } from "../db/client";
import type { AllWallets } from "./scope";
import { shardOf } from "./shards";

/** A deleted wallet whose rows may still be there. */
export interface Tombstone {
  id: string;
  deletedAt: string;
}

/** Deleted wallets not yet marked purged, oldest deletion first. */
export async function unpurgedWallets(
  db: Database,
  _scope: AllWallets,
  limit: number,
): Promise<Tombstone[]> {
  const { results } = await db.$client
    .prepare(
      "SELECT id, deleted_at AS deletedAt FROM deleted_wallets WHERE purged_at IS NULL ORDER BY deleted_at LIMIT ?",
    )
    .bind(limit)
    .all<Tombstone>();
  return results;
}

/** The webhooks (objects) that hold deliveries of the deleted wallet, at most `limit`. */
export async function webhooksHolding(
  db: Database,
  _scope: AllWallets,
  wallet: Tombstone,
  limit: number,
): Promise<string[]> {
  const { results } = await shardOf(db, wallet.id)
    .$client.prepare(
      "SELECT DISTINCT webhook_id FROM deliveries WHERE wallet_id = ? AND created_at <= ? LIMIT ?",
    )
    .bind(wallet.id, wallet.deletedAt, limit)
    .all<{ webhook_id: string }>();
  return results.map((r) => r.webhook_id);
}

/**
 * Deletes up to `limit` rows of each table of a deleted wallet, made before its deletion (the
 * default wallet comes back under the same id, and its new rows stay), in one batch on the
 * wallet's shard: attempts first, as they are found through their deliveries. Returns how
 * many rows went.
 */
export async function purgeWalletRows(
  plane: Database,
  _scope: AllWallets,
  wallet: Tombstone,
  limit: number,
): Promise<number> {
  const { id, deletedAt } = wallet;
  const db = shardOf(plane, id).$client;
  const results = await db.batch([
    db
      .prepare(
        `DELETE FROM attempts WHERE rowid IN (SELECT a.rowid FROM attempts a JOIN deliveries d ON d.id = a.delivery_id
         WHERE d.wallet_id = ? AND d.created_at <= ? LIMIT ?)`,
      )
      .bind(id, deletedAt, limit),
    db
      .prepare(
        "DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries WHERE wallet_id = ? AND created_at <= ? LIMIT ?)",
      )
      .bind(id, deletedAt, limit),
    // The newest event of all stays until another follows it: SQLite would hand its rowid (the
    // log position cursors point at) to the next event.
    db
      .prepare(
        "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE wallet_id = ? AND created_at <= ? AND rowid < (SELECT MAX(rowid) FROM events) LIMIT ?)",
      )
      .bind(id, deletedAt, limit),
  ]);
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
}

/** Marks a deleted wallet purged (the cron stops looking at it). */
export async function markPurged(
  db: Database,
  _scope: AllWallets,
  id: string,
  at: string,
): Promise<void> {
  await db.$client
    .prepare("UPDATE deleted_wallets SET purged_at = ? WHERE id = ?")
    .bind(at, id)
    .run();
}

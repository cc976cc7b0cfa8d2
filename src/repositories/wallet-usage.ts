import { count, eq } from "drizzle-orm";
import type { Database } from "../db/client";
import { webhooks } from "../db/schema";
import type { WalletScope } from "./scope";
import { shardOf } from "./shards";

/** How many webhooks a wallet has. */
export async function countWalletWebhooks(db: Database, scope: WalletScope): Promise<number> {
  const row = await db
    .select({ n: count() })
    .from(webhooks)
    .where(eq(webhooks.walletId, scope.walletId))
    .get();
  return row?.n ?? 0;
}

/** A wallet's traffic over a window and what it keeps in D1. */
export interface StoredUsage {
  events: number;
  deliveries: number;
  /** Bytes of event data, and of receivers' answers kept in attempts, over the whole retention. */
  eventBytes: number;
  attemptBytes: number;
}

/** Events and deliveries created since `since`, and the bytes the wallet's events and attempts hold. */
export async function storedUsage(
  plane: Database,
  scope: WalletScope,
  since: string,
): Promise<StoredUsage> {
  const id = scope.walletId;
  const db = shardOf(plane, id).$client;
  const [events, deliveries, eventBytes, attemptBytes] = await db.batch<{ n: number | null }>([
    db
      .prepare("SELECT COUNT(*) AS n FROM events WHERE wallet_id = ? AND created_at >= ?")
      .bind(id, since),
    db
      .prepare("SELECT COUNT(*) AS n FROM deliveries WHERE wallet_id = ? AND created_at >= ?")
      .bind(id, since),
    db
      .prepare("SELECT SUM(LENGTH(CAST(data AS BLOB))) AS n FROM events WHERE wallet_id = ?")
      .bind(id),
    db
      .prepare(
        `SELECT SUM(LENGTH(CAST(a.response_body AS BLOB))) AS n FROM attempts a
         JOIN deliveries d ON d.id = a.delivery_id WHERE d.wallet_id = ?`,
      )
      .bind(id),
  ]);
  const n = (r: D1Result<{ n: number | null }> | undefined) => r?.results[0]?.n ?? 0;
  return {
    events: n(events),
    deliveries: n(deliveries),
    eventBytes: n(eventBytes),
    attemptBytes: n(attemptBytes),
  };
}

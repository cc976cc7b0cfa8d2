import { asc, eq, gt } from "drizzle-orm";
import type { Database } from "../db/client";
import { type WalletRow, wallets } from "../db/schema";

/** The insert statement for a wallet (batched with its first key). */
export function insertWallet(db: Database, row: typeof wallets.$inferInsert) {
  return db.insert(wallets).values(row);
}

/** One wallet, or null. */
export async function findWallet(db: Database, id: string): Promise<WalletRow | null> {
  return (await db.select().from(wallets).where(eq(wallets.id, id)).get()) ?? null;
}

/** A page of wallets in creation order (ids are UUIDv7). */
export async function listWallets(
  db: Database,
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

/** Deletes a wallet; its keys and webhooks go with it (ON DELETE CASCADE). */
export async function deleteWallet(db: Database, id: string): Promise<boolean> {
  const gone = await db
    .delete(wallets)
    .where(eq(wallets.id, id))
    .returning({ id: wallets.id })
    .get();
  return gone !== undefined;
}

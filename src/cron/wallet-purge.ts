import type { Database } from "../db/client";
import { logger } from "../observability/logger";
import { systemScope } from "../repositories/scope";
import {
  markPurged,
  purgeWalletRows,
  unpurgedWallets,
  webhooksHolding,
} from "../repositories/wallet-purge";

// Bounded work per run: the cron catches up over runs.
const WALLETS_PER_RUN = 10;
const ROWS_PER_TABLE = 1000;
const OBJECTS_PER_WALLET = 100;
// A deleted wallet is watched this long before it is marked purged: an event accepted just
// before the deletion may still be in the queue and reach D1 and an object afterwards.
export const PURGE_SETTLE_MS = 60 * 60 * 1000;

/** Tells one webhook object to drop what it holds of a wallet. */
export type ObjectEraser = (webhookId: string, walletId: string) => Promise<void>;

/**
 * One purge pass over deleted wallets: the webhook objects holding their deliveries drop
 * them, then their attempts, deliveries and events go from D1 in bounded batches (keys,
 * webhooks and event types went with the deletion itself). A wallet is marked purged once a
 * pass finds nothing left and its deletion has settled.
 */
export async function purgeDeletedWallets(
  db: Database,
  erase: ObjectEraser,
  now: number = Date.now(),
): Promise<{ wallets: number; rows: number }> {
  let rows = 0;
  const tombstones = await unpurgedWallets(db, systemScope(), WALLETS_PER_RUN);
  for (const wallet of tombstones) {
    for (const webhookId of await webhooksHolding(db, systemScope(), wallet, OBJECTS_PER_WALLET)) {
      try {
        await erase(webhookId, wallet.id);
      } catch (err) {
        logger.error("erasing a deleted wallet from a webhook object failed", {
          webhookId,
          walletId: wallet.id,
          error: String(err),
        });
      }
    }
    const gone = await purgeWalletRows(db, systemScope(), wallet, ROWS_PER_TABLE);
    rows += gone;
    if (gone === 0 && now - Date.parse(wallet.deletedAt) >= PURGE_SETTLE_MS)
      await markPurged(db, systemScope(), wallet.id, new Date(now).toISOString());
  }
  return { wallets: tombstones.length, rows };
}

import { loadConfig } from "../config";
import { database } from "../db/client";
import { logger } from "../observability/logger";
import { overdueWebhooks, purgeOlderThan } from "../repositories/maintenance";
import { deleteExpiredPortalLinks } from "../repositories/portal-links";
import { deleteExpiredPortalSessions } from "../repositories/portal-sessions";
import { systemScope } from "../repositories/scope";
import { purgeDeletedWallets } from "./wallet-purge";

// Bounded work per run: the cron fires every few minutes and catches up over runs.
const WAKE_LIMIT = 500;
const PURGE_LIMIT = 1000;

/** Erases a deleted wallet from one webhook object. */
function eraseFrom(env: Env) {
  return async (webhookId: string, walletId: string) => {
    await env.WEBHOOK_OBJECT.get(env.WEBHOOK_OBJECT.idFromName(webhookId)).eraseWallet(walletId);
  };
}

/**
 * The cron backstop: wakes every webhook object that D1 says has an overdue delivery (an
 * alarm chain that stopped after the platform gave up retrying a throwing alarm restarts
 * here), purges events and attempts older than EVENT_RETENTION_DAYS in bounded batches, and
 * purges deleted wallets (cron/wallet-purge.ts).
 */
export async function sweep(env: Env): Promise<{ woken: number; purged: number }> {
  let woken = 0;
  const db = database(env);
  for (const webhook_id of await overdueWebhooks(db, systemScope(), Date.now(), WAKE_LIMIT)) {
    try {
      await env.WEBHOOK_OBJECT.get(env.WEBHOOK_OBJECT.idFromName(webhook_id)).wake();
      woken++;
    } catch (err) {
      logger.error("waking a webhook object failed", { webhookId: webhook_id, error: String(err) });
    }
  }
  const config = loadConfig(env);
  const cutoff = new Date(Date.now() - config.EVENT_RETENTION_DAYS * 86_400_000).toISOString();
  let purged = await purgeOlderThan(db, systemScope(), cutoff, PURGE_LIMIT);
  purged += (await purgeDeletedWallets(db, eraseFrom(env))).rows;
  // Portal links and sessions past their expiry can neither open nor act again.
  const now = new Date().toISOString();
  await deleteExpiredPortalLinks(db, systemScope(), now);
  await deleteExpiredPortalSessions(db, systemScope(), now);
  return { woken, purged };
}

import { loadConfig } from "../config";
import { logger } from "../observability/logger";
import { overdueWebhooks, purgeOlderThan } from "../repositories/maintenance";
import { systemScope } from "../repositories/scope";

// Bounded work per run: the cron fires every few minutes and catches up over runs.
const WAKE_LIMIT = 500;
const PURGE_LIMIT = 1000;

/**
 * The cron backstop: wakes every webhook object that D1 says has an overdue delivery (an
 * alarm chain that stopped after the platform gave up retrying a throwing alarm restarts
 * here), and purges events and attempts older than EVENT_RETENTION_DAYS in bounded batches.
 */
export async function sweep(env: Env): Promise<{ woken: number; purged: number }> {
  let woken = 0;
  for (const webhook_id of await overdueWebhooks(env.DB, systemScope(), Date.now(), WAKE_LIMIT)) {
    try {
      await env.WEBHOOK_OBJECT.get(env.WEBHOOK_OBJECT.idFromName(webhook_id)).wake();
      woken++;
    } catch (err) {
      logger.error("waking a webhook object failed", { webhookId: webhook_id, error: String(err) });
    }
  }
  const config = loadConfig(env);
  const cutoff = new Date(Date.now() - config.EVENT_RETENTION_DAYS * 86_400_000).toISOString();
  const purged = await purgeOlderThan(env.DB, systemScope(), cutoff, PURGE_LIMIT);
  return { woken, purged };
}

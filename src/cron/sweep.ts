import { loadConfig } from "../config";

// Bounded work per run: the cron fires every few minutes and catches up over runs.
const WAKE_LIMIT = 500;
const PURGE_LIMIT = 1000;

/**
 * The cron backstop: wakes every webhook object that D1 says still has open deliveries (an
 * alarm chain that stopped after the platform gave up retrying a throwing alarm restarts
 * here), and purges events and attempts older than EVENT_RETENTION_DAYS in bounded batches.
 */
export async function sweep(env: Env): Promise<{ woken: number; purged: number }> {
  const open = await env.DB.prepare(
    "SELECT DISTINCT webhook_id FROM deliveries WHERE status IN ('pending', 'sending') LIMIT ?",
  ).bind(WAKE_LIMIT).all<{ webhook_id: string }>();
  let woken = 0;
  for (const { webhook_id } of open.results) {
    try {
      await env.WEBHOOK_OBJECT.get(env.WEBHOOK_OBJECT.idFromName(webhook_id)).wake();
      woken++;
    } catch (err) {
      console.error(JSON.stringify({ level: "error", msg: "waking a webhook object failed", webhookId: webhook_id, error: String(err) }));
    }
  }
  const config = loadConfig(env);
  const cutoff = new Date(Date.now() - config.EVENT_RETENTION_DAYS * 86_400_000).toISOString();
  const results = await env.DB.batch([
    env.DB.prepare("DELETE FROM attempts WHERE rowid IN (SELECT rowid FROM attempts WHERE started_at < ? LIMIT ?)").bind(cutoff, PURGE_LIMIT),
    env.DB.prepare(
      "DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries WHERE updated_at < ? AND status IN ('succeeded', 'failed', 'expired') LIMIT ?)",
    ).bind(cutoff, PURGE_LIMIT),
    env.DB.prepare("DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE created_at < ? LIMIT ?)").bind(cutoff, PURGE_LIMIT),
  ]);
  const purged = results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
  return { woken, purged };
}

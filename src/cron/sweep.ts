import { loadConfig } from "../config";
import { database } from "../db/client";
import { purgeExpiredPortalRows } from "../services/portal-purge";

// Bounded work per run: the cron fires every few minutes and catches up over runs.
const WAKE_LIMIT = 500;
const PURGE_LIMIT = 1000;

/**
 * Webhooks whose object should have acted by now: an open delivery that D1 says was due (or
 * left `sending`), of a webhook that is not disabled (a disabled one holds its deliveries on
 * purpose; a deleted one is woken so it can end them). A random sample of at most `limit`,
 * so that more candidates than one run wakes are all reached over a few runs instead of the
 * same first ones every time.
 */
export async function overdueWebhooks(
  db: D1Database,
  now: number,
  limit: number,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT d.webhook_id FROM deliveries d LEFT JOIN webhooks w ON w.id = d.webhook_id
       WHERE ((d.status = 'pending' AND d.next_attempt_at <= ?) OR d.status = 'sending') AND (w.id IS NULL OR w.enabled = 1)
       GROUP BY d.webhook_id ORDER BY random() LIMIT ?`,
    )
    .bind(new Date(now).toISOString(), limit)
    .all<{ webhook_id: string }>();
  return results.map((r) => r.webhook_id);
}

/**
 * The cron backstop: wakes every webhook object that D1 says has an overdue delivery (an
 * alarm chain that stopped after the platform gave up retrying a throwing alarm restarts
 * here), and purges events and attempts older than EVENT_RETENTION_DAYS in bounded batches.
 */
export async function sweep(env: Env): Promise<{ woken: number; purged: number }> {
  let woken = 0;
  for (const webhook_id of await overdueWebhooks(env.DB, Date.now(), WAKE_LIMIT)) {
    try {
      await env.WEBHOOK_OBJECT.get(env.WEBHOOK_OBJECT.idFromName(webhook_id)).wake();
      woken++;
    } catch (err) {
      console.error(
        JSON.stringify({
          level: "error",
          msg: "waking a webhook object failed",
          webhookId: webhook_id,
          error: String(err),
        }),
      );
    }
  }
  const config = loadConfig(env);
  const cutoff = new Date(Date.now() - config.EVENT_RETENTION_DAYS * 86_400_000).toISOString();
  const results = await env.DB.batch([
    env.DB.prepare(
      "DELETE FROM attempts WHERE rowid IN (SELECT rowid FROM attempts WHERE started_at < ? LIMIT ?)",
    ).bind(cutoff, PURGE_LIMIT),
    env.DB.prepare(
      "DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries WHERE updated_at < ? AND status IN ('succeeded', 'failed', 'expired') LIMIT ?)",
    ).bind(cutoff, PURGE_LIMIT),
    // The newest event is never purged: SQLite would hand its rowid (the log position that
    // polling cursors and Last-Event-ID point at) to the next event.
    env.DB.prepare(
      "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE created_at < ? AND rowid < (SELECT MAX(rowid) FROM events) LIMIT ?)",
    ).bind(cutoff, PURGE_LIMIT),
  ]);
  const purged = results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
  await purgeExpiredPortalRows(database(env.DB));
  return { woken, purged };
}

import type { AllWallets } from "./scope";

/**
 * Webhooks whose object should have acted by now: an open delivery that D1 says was due (or
 * left `sending`), of a webhook that is not disabled (a disabled one holds its deliveries on
 * purpose; a deleted one is woken so it can end them). A random sample of at most `limit`,
 * so that more candidates than one run wakes are all reached over a few runs instead of the
 * same first ones every time.
 */
export async function overdueWebhooks(
  db: D1Database,
  _scope: AllWallets,
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
 * Purges attempts, ended deliveries and events older than `cutoff`, at most `limit` rows of
 * each per call, in one batch; returns how many rows went.
 */
export async function purgeOlderThan(
  db: D1Database,
  _scope: AllWallets,
  cutoff: string,
  limit: number,
): Promise<number> {
  const results = await db.batch([
    db
      .prepare(
        "DELETE FROM attempts WHERE rowid IN (SELECT rowid FROM attempts WHERE started_at < ? LIMIT ?)",
      )
      .bind(cutoff, limit),
    db
      .prepare(
        "DELETE FROM deliveries WHERE rowid IN (SELECT rowid FROM deliveries WHERE updated_at < ? AND status IN ('succeeded', 'failed', 'expired') LIMIT ?)",
      )
      .bind(cutoff, limit),
    // The newest event is never purged: SQLite would hand its rowid (the log position that
    // polling cursors and Last-Event-ID point at) to the next event.
    db
      .prepare(
        "DELETE FROM events WHERE rowid IN (SELECT rowid FROM events WHERE created_at < ? AND rowid < (SELECT MAX(rowid) FROM events) LIMIT ?)",
      )
      .bind(cutoff, limit),
  ]);
  return results.reduce((n, r) => n + (r.meta.changes ?? 0), 0);
}

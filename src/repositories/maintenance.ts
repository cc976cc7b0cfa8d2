import type { Database, Handle } from "../db/client";
import type { AllWallets } from "./scope";
import { acrossShards, isControl, shardsIn } from "./shards";

// D1 binds at most 100 parameters per statement.
const IDS_PER_QUERY = 90;

/**
 * Webhooks whose object should have acted by now: an open delivery that D1 says was due (or
 * left `sending`), of a webhook that is not disabled (a disabled one holds its deliveries on
 * purpose; a deleted one is woken so it can end them). A random sample of at most `limit`
 * (spread over the shards), so that more candidates than one run wakes are all reached over
 * a few runs instead of the same first ones every time.
 */
export async function overdueWebhooks(
  db: Database,
  scope: AllWallets,
  now: number,
  limit: number,
): Promise<string[]> {
  const shards = shardsIn(db, scope);
  const each = Math.ceil(limit / shards.length);
  const found = await Promise.all(
    shards.map((shard) => overdueIn(db, shard, new Date(now).toISOString(), each)),
  );
  return [...new Set(found.flat())].slice(0, limit);
}

async function overdueIn(db: Database, shard: Handle, now: string, limit: number) {
  const due = "((d.status = 'pending' AND d.next_attempt_at <= ?) OR d.status = 'sending')";
  if (isControl(db, shard)) {
    const { results } = await shard.$client
      .prepare(
        `SELECT d.webhook_id FROM deliveries d LEFT JOIN webhooks w ON w.id = d.webhook_id
         WHERE ${due} AND (w.id IS NULL OR w.enabled = 1)
         GROUP BY d.webhook_id ORDER BY random() LIMIT ?`,
      )
      .bind(now, limit)
      .all<{ webhook_id: string }>();
    return results.map((r) => r.webhook_id);
  }
  // The webhooks table lives in the control database: sample the shard, then drop the
  // disabled ones (a sample may come out smaller than `limit`; later runs draw again).
  const { results } = await shard.$client
    .prepare(
      `SELECT d.webhook_id FROM deliveries d WHERE ${due} GROUP BY d.webhook_id ORDER BY random() LIMIT ?`,
    )
    .bind(now, limit)
    .all<{ webhook_id: string }>();
  const ids = results.map((r) => r.webhook_id);
  const disabled = new Set<string>();
  for (let i = 0; i < ids.length; i += IDS_PER_QUERY) {
    const chunk = ids.slice(i, i + IDS_PER_QUERY);
    const rows = await db.$client
      .prepare(
        `SELECT id FROM webhooks WHERE enabled = 0 AND id IN (${chunk.map(() => "?").join(",")})`,
      )
      .bind(...chunk)
      .all<{ id: string }>();
    for (const r of rows.results) disabled.add(r.id);
  }
  return ids.filter((id) => !disabled.has(id));
}

/**
 * Purges attempts, ended deliveries and events older than `cutoff`, at most `limit` rows of
 * each per call and shard, in one batch per shard; returns how many rows went.
 */
export async function purgeOlderThan(
  db: Database,
  scope: AllWallets,
  cutoff: string,
  limit: number,
): Promise<number> {
  const gone = await acrossShards(db, scope, (shard) => purgeShard(shard.$client, cutoff, limit));
  return gone.reduce((a, n) => a + n, 0);
}

async function purgeShard(db: D1Database, cutoff: string, limit: number): Promise<number> {
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

// Aggregates over the delivery log for GET /v1/stats: one query per figure and shard, all
// webhooks of a page at once (D1 binds at most 100 parameters, so a page is at most 90
// webhooks). A wallet's scope reads its one shard; the admin's reads every shard and merges.

import type { Database } from "../db/client";
import type { Scope } from "./scope";
import { acrossShards, shardsIn } from "./shards";

type Bind = (string | number)[];
// A wallet's own webhooks only get its events; the filter makes that a property of the query.
const walletFilter = (scope: Scope) => (scope.kind === "all" ? "" : " AND wallet_id = ?");
const walletBind = (scope: Scope): Bind => (scope.kind === "all" ? [] : [scope.walletId]);
const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(",");
const attemptsWhere = (scope: Scope, ids: string[]) =>
  `webhook_id IN (${placeholders(ids.length)}) AND started_at >= ? AND started_at <= ?${scope.kind === "all" ? "" : " AND delivery_id IN (SELECT id FROM deliveries WHERE wallet_id = ?)"}`;

/** Runs one statement on every shard of the scope and returns all their rows. */
async function onShards<T>(db: Database, scope: Scope, sql: string, bind: Bind): Promise<T[]> {
  const results = await acrossShards(db, scope, (shard) =>
    shard.$client
      .prepare(sql)
      .bind(...bind)
      .all<T>(),
  );
  return results.flatMap((r) => r.results);
}

/** Deliveries created in the window, counted per webhook and status. */
export async function statusCounts(
  db: Database,
  scope: Scope,
  webhookIds: string[],
  since: string,
  until: string,
) {
  const rows = await onShards<{ webhook_id: string; status: string; n: number }>(
    db,
    scope,
    `SELECT webhook_id, status, COUNT(*) AS n FROM deliveries
       WHERE webhook_id IN (${placeholders(webhookIds.length)}) AND created_at >= ? AND created_at <= ?${walletFilter(scope)}
       GROUP BY webhook_id, status`,
    [...webhookIds, since, until, ...walletBind(scope)],
  );
  const sums = new Map<string, { webhook_id: string; status: string; n: number }>();
  for (const r of rows) {
    const key = `${r.webhook_id}\n${r.status}`;
    const sum = sums.get(key);
    if (sum) sum.n += r.n;
    else sums.set(key, { ...r });
  }
  return [...sums.values()];
}

/** A webhook's attempt latency percentiles over the window. */
export interface Latency {
  webhook_id: string;
  p50: number | null;
  p95: number | null;
  p99: number | null;
  attempts: number;
}

/** Attempt latency percentiles per webhook over the window (nearest-rank). */
export async function latencyPercentiles(
  db: Database,
  scope: Scope,
  webhookIds: string[],
  since: string,
  until: string,
): Promise<Latency[]> {
  const bind = [...webhookIds, since, until, ...walletBind(scope)];
  if (shardsIn(db, scope).length > 1) return mergedPercentiles(db, scope, webhookIds, bind);
  return onShards<Latency>(
    db,
    scope,
    `WITH ranked AS (
         SELECT webhook_id, duration_ms,
                ROW_NUMBER() OVER (PARTITION BY webhook_id ORDER BY duration_ms) AS rn,
                COUNT(*) OVER (PARTITION BY webhook_id) AS cnt
         FROM attempts WHERE ${attemptsWhere(scope, webhookIds)})
       SELECT webhook_id,
              MAX(CASE WHEN rn = MAX(1, CAST((cnt * 50 + 99) / 100 AS INTEGER)) THEN duration_ms END) AS p50,
              MAX(CASE WHEN rn = MAX(1, CAST((cnt * 95 + 99) / 100 AS INTEGER)) THEN duration_ms END) AS p95,
              MAX(CASE WHEN rn = MAX(1, CAST((cnt * 99 + 99) / 100 AS INTEGER)) THEN duration_ms END) AS p99,
              MAX(cnt) AS attempts
       FROM ranked GROUP BY webhook_id`,
    bind,
  );
}

/**
 * The same percentiles over several shards: each shard counts its attempts per duration (a
 * few hundred distinct milliseconds, not one row per attempt), and the merged counts give
 * the exact nearest-rank values.
 */
async function mergedPercentiles(
  db: Database,
  scope: Scope,
  webhookIds: string[],
  bind: Bind,
): Promise<Latency[]> {
  const rows = await onShards<{ webhook_id: string; duration_ms: number; n: number }>(
    db,
    scope,
    `SELECT webhook_id, duration_ms, COUNT(*) AS n FROM attempts WHERE ${attemptsWhere(scope, webhookIds)}
     GROUP BY webhook_id, duration_ms`,
    bind,
  );
  const histograms = new Map<string, Map<number, number>>();
  for (const r of rows) {
    const h = histograms.get(r.webhook_id) ?? new Map<number, number>();
    h.set(r.duration_ms, (h.get(r.duration_ms) ?? 0) + r.n);
    histograms.set(r.webhook_id, h);
  }
  return [...histograms].map(([webhook_id, h]) => {
    const counts = [...h].sort((a, b) => a[0] - b[0]);
    const attempts = counts.reduce((sum, [, n]) => sum + n, 0);
    const at = (p: number) => {
      const rank = Math.max(1, Math.ceil((attempts * p) / 100));
      let seen = 0;
      for (const [ms, n] of counts) {
        seen += n;
        if (seen >= rank) return ms;
      }
      return null;
    };
    return { webhook_id, p50: at(50), p95: at(95), p99: at(99), attempts };
  });
}

/** Open deliveries now, per webhook, with the oldest one's creation time. */
export async function backlog(db: Database, scope: Scope, webhookIds: string[]) {
  const rows = await onShards<{ webhook_id: string; open: number; oldest: string }>(
    db,
    scope,
    `SELECT webhook_id, COUNT(*) AS open, MIN(created_at) AS oldest FROM deliveries
       WHERE webhook_id IN (${placeholders(webhookIds.length)}) AND status IN ('pending', 'sending')${walletFilter(scope)}
       GROUP BY webhook_id`,
    [...webhookIds, ...walletBind(scope)],
  );
  const merged = new Map<string, { webhook_id: string; open: number; oldest: string }>();
  for (const r of rows) {
    const m = merged.get(r.webhook_id);
    if (!m) merged.set(r.webhook_id, { ...r });
    else {
      m.open += r.open;
      if (r.oldest < m.oldest) m.oldest = r.oldest;
    }
  }
  return [...merged.values()];
}

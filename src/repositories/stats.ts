// Aggregates over the delivery log for GET /v1/stats: one query per figure, all webhooks of a
// page at once (D1 binds at most 100 parameters, so a page is at most 90 webhooks).

import type { Scope } from "./scope";

type Bind = (string | number)[];
// A wallet's own webhooks only get its events; the filter makes that a property of the query.
const walletFilter = (scope: Scope) => (scope.kind === "all" ? "" : " AND wallet_id = ?");
const walletBind = (scope: Scope): Bind => (scope.kind === "all" ? [] : [scope.walletId]);
const placeholders = (n: number) => Array.from({ length: n }, () => "?").join(",");

/** Deliveries created in the window, counted per webhook and status. */
export async function statusCounts(
  db: D1Database,
  scope: Scope,
  webhookIds: string[],
  since: string,
  until: string,
) {
  const { results } = await db
    .prepare(
      `SELECT webhook_id, status, COUNT(*) AS n FROM deliveries
       WHERE webhook_id IN (${placeholders(webhookIds.length)}) AND created_at >= ? AND created_at <= ?${walletFilter(scope)}
       GROUP BY webhook_id, status`,
    )
    .bind(...([...webhookIds, since, until, ...walletBind(scope)] as Bind))
    .all<{ webhook_id: string; status: string; n: number }>();
  return results;
}

/** Attempt latency percentiles per webhook over the window (nearest-rank). */
export async function latencyPercentiles(
  db: D1Database,
  scope: Scope,
  webhookIds: string[],
  since: string,
  until: string,
) {
  const { results } = await db
    .prepare(
      `WITH ranked AS (
         SELECT webhook_id, duration_ms,
                ROW_NUMBER() OVER (PARTITION BY webhook_id ORDER BY duration_ms) AS rn,
                COUNT(*) OVER (PARTITION BY webhook_id) AS cnt
         FROM attempts WHERE webhook_id IN (${placeholders(webhookIds.length)}) AND started_at >= ? AND started_at <= ?${scope.kind === "all" ? "" : " AND delivery_id IN (SELECT id FROM deliveries WHERE wallet_id = ?)"})
       SELECT webhook_id,
              MAX(CASE WHEN rn = MAX(1, CAST((cnt * 50 + 99) / 100 AS INTEGER)) THEN duration_ms END) AS p50,
              MAX(CASE WHEN rn = MAX(1, CAST((cnt * 95 + 99) / 100 AS INTEGER)) THEN duration_ms END) AS p95,
              MAX(CASE WHEN rn = MAX(1, CAST((cnt * 99 + 99) / 100 AS INTEGER)) THEN duration_ms END) AS p99,
              MAX(cnt) AS attempts
       FROM ranked GROUP BY webhook_id`,
    )
    .bind(...([...webhookIds, since, until, ...walletBind(scope)] as Bind))
    .all<{
      webhook_id: string;
      p50: number | null;
      p95: number | null;
      p99: number | null;
      attempts: number;
    }>();
  return results;
}

/** Open deliveries now, per webhook, with the oldest one's creation time. */
export async function backlog(db: D1Database, scope: Scope, webhookIds: string[]) {
  const { results } = await db
    .prepare(
      `SELECT webhook_id, COUNT(*) AS open, MIN(created_at) AS oldest FROM deliveries
       WHERE webhook_id IN (${placeholders(webhookIds.length)}) AND status IN ('pending', 'sending')${walletFilter(scope)}
       GROUP BY webhook_id`,
    )
    .bind(...webhookIds, ...walletBind(scope))
    .all<{ webhook_id: string; open: number; oldest: string }>();
  return results;
}

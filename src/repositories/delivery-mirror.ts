import type { Database } from "../db/client";
import type { AllWallets } from "./scope";
import { byShard } from "./shards";

/** A delivery's state as a webhook object holds it (times in epoch ms). */
export interface MirroredDelivery {
  delivery_id: string;
  wallet_id: string;
  event_id: string;
  event_type: string;
  status: string;
  attempt_count: number;
  next_attempt_at: number | null;
  last_status_code: number | null;
  created_at: number;
  updated_at: number;
}

/** One attempt as a webhook object records it (times in epoch ms). */
export interface MirroredAttempt {
  delivery_id: string;
  n: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
  /** The wallet of the attempt's delivery (its shard); null once the object forgot the delivery. */
  wallet_id?: string | null;
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

// D1 binds at most 100 parameters a statement: 9 delivery rows (11 each), 12 attempts (8 each).
const DELIVERIES_PER_STATEMENT = 9;
const ATTEMPTS_PER_STATEMENT = 12;

function chunks<T>(rows: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

const placeholders = (rows: number, columns: number) =>
  Array.from({ length: rows }, () => `(${Array(columns).fill("?").join(", ")})`).join(", ");

/**
 * Writes a batch of delivery states and attempts to D1 in one atomic batch of multi-row
 * statements: the cross-webhook views (logs, stats) read D1, while the object's own storage
 * stays the source of truth. One batch per round, not one write per attempt; with several
 * shards, one batch per shard the rows' wallets live in (an attempt whose delivery the object
 * no longer holds goes to one fixed shard, where retention purges it).
 */
export async function mirrorToD1(
  db: Database,
  _scope: AllWallets,
  webhookId: string,
  deliveries: MirroredDelivery[],
  attempts: MirroredAttempt[],
): Promise<void> {
  const rows = [
    ...deliveries.map((d) => ({ walletId: d.wallet_id, delivery: d })),
    ...attempts.map((a) => ({ walletId: a.wallet_id ?? null, attempt: a })),
  ];
  const groups = byShard(db, rows, (r) => r.walletId ?? "");
  await Promise.all(
    [...groups].map(([shard, group]) =>
      mirrorToShard(
        shard.$client,
        webhookId,
        group.flatMap((r) => ("delivery" in r ? [r.delivery] : [])),
        group.flatMap((r) => ("attempt" in r ? [r.attempt] : [])),
      ),
    ),
  );
}

async function mirrorToShard(
  db: D1Database,
  webhookId: string,
  deliveries: MirroredDelivery[],
  attempts: MirroredAttempt[],
): Promise<void> {
  const statements: D1PreparedStatement[] = [];
  for (const rows of chunks(deliveries, DELIVERIES_PER_STATEMENT)) {
    statements.push(
      db
        .prepare(
          `INSERT INTO deliveries (id, wallet_id, event_id, webhook_id, event_type, status, attempt_count, next_attempt_at, last_status_code, created_at, updated_at)
         VALUES ${placeholders(rows.length, 11)}
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, attempt_count = excluded.attempt_count,
           next_attempt_at = excluded.next_attempt_at, last_status_code = excluded.last_status_code, updated_at = excluded.updated_at
         WHERE excluded.updated_at >= deliveries.updated_at`,
        )
        .bind(
          ...rows.flatMap((d) => [
            d.delivery_id,
            d.wallet_id,
            d.event_id,
            webhookId,
            d.event_type,
            d.status,
            d.attempt_count,
            d.status === "pending" ? iso(d.next_attempt_at) : null,
            d.last_status_code,
            iso(d.created_at),
            iso(d.updated_at),
          ]),
        ),
    );
  }
  for (const rows of chunks(attempts, ATTEMPTS_PER_STATEMENT)) {
    statements.push(
      db
        .prepare(
          `INSERT OR IGNORE INTO attempts (delivery_id, n, webhook_id, started_at, duration_ms, status_code, error, response_body)
         VALUES ${placeholders(rows.length, 8)}`,
        )
        .bind(
          ...rows.flatMap((a) => [
            a.delivery_id,
            a.n,
            webhookId,
            iso(a.started_at),
            a.duration_ms,
            a.status_code,
            a.error,
            a.response_body,
          ]),
        ),
    );
  }
  if (statements.length) await db.batch(statements);
}

import type { RetryOutcome } from "../domain/retry-outcome";
import { migrateOrdering } from "./order-store";
import { type AttemptRecord, type DeliveryStatus, type PendingRow, SCHEMA } from "./pending-schema";

export type { AttemptRecord, DeliveryStatus, PendingRow } from "./pending-schema";

// A webhook object's durable queue, in its own SQLite storage. Rows stay after they end
// (succeeded / failed / expired) so a redelivered hand-off of the same (wallet, event) is
// recognised and never sent twice; the sweep purges them after the retention period.

/** Typed access to the object's SQLite tables. All calls are synchronous: no await, no interleaving. */
export class PendingStore {
  // The meta rows, read once and written through: this store is their only writer, and they are
  // read on every delivery (the failure streak) and every hand-off (which webhook, which target).
  private meta: Map<string, string> | null = null;

  constructor(private readonly sql: SqlStorage) {
    sql.exec(SCHEMA);
    migrateOrdering(sql);
  }

  /** Forgets everything of one (deleted) wallet: its deliveries and their unmirrored attempts. */
  eraseWallet(walletId: string): number {
    this.sql.exec(
      "DELETE FROM attempt_outbox WHERE delivery_id IN (SELECT delivery_id FROM deliveries WHERE wallet_id = ?)",
      walletId,
    );
    return this.sql.exec("DELETE FROM deliveries WHERE wallet_id = ?", walletId).rowsWritten;
  }

  /** Adds a delivery unless this (wallet, event) is already known; true when added. */
  add(
    row: Omit<PendingRow, "dirty" | "attempt_count" | "last_status_code" | "status" | "sequence">,
  ): boolean {
    const cursor = this.sql.exec(
      `INSERT OR IGNORE INTO deliveries (key, seq, delivery_id, wallet_id, event_id, event_type, format, url, body, headers, status,
         next_attempt_at, expires_at, created_at, updated_at, subject) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?, ?)`,
      row.key,
      row.seq,
      row.delivery_id,
      row.wallet_id,
      row.event_id,
      row.event_type,
      row.format,
      row.url,
      row.body,
      row.headers,
      row.next_attempt_at,
      row.expires_at,
      row.created_at,
      row.updated_at,
      row.subject,
    );
    return cursor.rowsWritten > 0;
  }

  /** Which of these keys the object already holds. */
  known(keys: string[]): Set<string> {
    const found = new Set<string>();
    for (let i = 0; i < keys.length; i += 90) {
      const chunk = keys.slice(i, i + 90);
      const rows = this.sql.exec<{ key: string }>(
        `SELECT key FROM deliveries WHERE key IN (${chunk.map(() => "?").join(",")})`,
        ...chunk,
      );
      for (const r of rows) found.add(r.key);
    }
    return found;
  }

  /** The oldest open delivery by acceptance order: the head of a fifo webhook. */
  head(): PendingRow | null {
    return (
      this.sql
        .exec<PendingRow>("SELECT * FROM deliveries WHERE status = 'pending' ORDER BY seq LIMIT 1")
        .toArray()[0] ?? null
    );
  }

  /** Open deliveries that are due, in acceptance order. */
  due(now: number, limit: number): PendingRow[] {
    return this.sql
      .exec<PendingRow>(
        "SELECT * FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY seq LIMIT ?",
        now,
        limit,
      )
      .toArray();
  }

  /** When the next open delivery falls due, or null when nothing is open. */
  nextDueAt(): number | null {
    const row = this.sql
      .exec<{ at: number | null }>(
        "SELECT MIN(next_attempt_at) AS at FROM deliveries WHERE status = 'pending'",
      )
      .one();
    return row.at;
  }

  /** When the first open delivery's event expires, or null when none carries an expiry. */
  nextExpiryAt(): number | null {
    // Named: without statistics SQLite picks deliveries_due for `status = 'pending'` and reads
    // every pending row to find the earliest expiry, once per batch sent; with a backlog of
    // thousands that scan was a quarter of the worker's CPU under S10's flood.
    return this.sql
      .exec<{ at: number | null }>(
        "SELECT MIN(expires_at) AS at FROM deliveries INDEXED BY deliveries_expiring WHERE status = 'pending' AND expires_at IS NOT NULL",
      )
      .one().at;
  }

  /** Deliveries left `sending` by an object that stopped mid-attempt. */
  interrupted(): PendingRow[] {
    return this.sql
      .exec<PendingRow>("SELECT * FROM deliveries WHERE status = 'sending' ORDER BY seq")
      .toArray();
  }

  /** Number of open deliveries. */
  openCount(): number {
    return this.sql
      .exec<{ n: number }>(
        "SELECT COUNT(*) AS n FROM deliveries WHERE status IN ('pending', 'sending')",
      )
      .one().n;
  }

  /** Marks a delivery as in flight, counting the attempt before it starts (crash-safe). */
  markSending(key: string, now: number): number {
    return this.sql
      .exec<{ attempt_count: number }>(
        "UPDATE deliveries SET status = 'sending', attempt_count = attempt_count + 1, updated_at = ?, dirty = 1 WHERE key = ? RETURNING attempt_count",
        now,
        key,
      )
      .one().attempt_count;
  }

  /** Records how an attempt ended and queues it for the D1 mirror. */
  finishAttempt(
    key: string,
    status: DeliveryStatus,
    nextAttemptAt: number,
    attempt: AttemptRecord,
    now: number,
  ): void {
    this.sql.exec(
      "UPDATE deliveries SET status = ?, next_attempt_at = ?, last_status_code = ?, updated_at = ?, dirty = 1 WHERE key = ?",
      status,
      nextAttemptAt,
      attempt.status_code,
      now,
      key,
    );
    this.sql.exec(
      `INSERT OR REPLACE INTO attempt_outbox (delivery_id, n, started_at, duration_ms, status_code, error, response_body)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
      attempt.delivery_id,
      attempt.n,
      attempt.started_at,
      attempt.duration_ms,
      attempt.status_code,
      attempt.error,
      attempt.response_body,
    );
  }

  /** Ends open deliveries whose event expired (a read, not a write, when none has: the usual case). */
  expire(now: number): number {
    const first = this.nextExpiryAt();
    if (first === null || first > now) return 0;
    return this.sql.exec(
      "UPDATE deliveries SET status = 'expired', updated_at = ?, dirty = 1 WHERE status = 'pending' AND expires_at IS NOT NULL AND expires_at <= ?",
      now,
      now,
    ).rowsWritten;
  }

  /** Ends every open delivery as failed (the webhook was deleted). */
  failAllOpen(now: number): number {
    return this.sql.exec(
      "UPDATE deliveries SET status = 'failed', updated_at = ?, dirty = 1 WHERE status IN ('pending', 'sending')",
      now,
    ).rowsWritten;
  }

  /** Failed deliveries created in [from, to] (unix ms), oldest first: what a recover reopens. */
  failedBetween(from: number, to: number, limit: number): string[] {
    return this.sql
      .exec<{ delivery_id: string }>(
        "SELECT delivery_id FROM deliveries WHERE status = 'failed' AND created_at BETWEEN ? AND ? ORDER BY seq LIMIT ?",
        from,
        to,
        limit,
      )
      .toArray()
      .map((r) => r.delivery_id);
  }

  /** Sets one delivery to be sent again now (the retry API), unless an attempt is under way. */
  reopen(deliveryId: string, walletId: string | null, now: number): RetryOutcome {
    const held = this.sql
      .exec<{ status: string }>(
        "SELECT status FROM deliveries WHERE delivery_id = ?1 AND (?2 IS NULL OR wallet_id = ?2)",
        deliveryId,
        walletId,
      )
      .toArray()[0];
    if (!held) return "unknown";
    if (held.status === "sending") return "sending";
    this.sql.exec(
      "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?, dirty = 1 WHERE delivery_id = ?",
      now,
      now,
      deliveryId,
    );
    return "reopened";
  }

  /** Points open deliveries at a webhook's new address (the URL derives from base URL, format and type). */
  readdress(urlFor: (format: string, eventType: string) => string): void {
    const open = this.sql.exec<{ key: string; format: string; event_type: string }>(
      "SELECT key, format, event_type FROM deliveries WHERE status IN ('pending', 'sending')",
    );
    for (const row of open)
      this.sql.exec(
        "UPDATE deliveries SET url = ? WHERE key = ?",
        urlFor(row.format, row.event_type),
        row.key,
      );
  }

  /** Drops ended deliveries older than the cutoff, in bounded steps. */
  purgeEnded(before: number, limit: number): number {
    return this.sql.exec(
      `DELETE FROM deliveries WHERE key IN (SELECT key FROM deliveries WHERE status IN ('succeeded', 'failed', 'expired')
         AND updated_at < ? AND dirty = 0 LIMIT ?)`,
      before,
      limit,
    ).rowsWritten;
  }

  /** A small durable setting of the object. */
  getMeta(key: string): string | null {
    this.meta ??= new Map(
      this.sql
        .exec<{ key: string; value: string }>("SELECT key, value FROM meta")
        .toArray()
        .map((r) => [r.key, r.value]),
    );
    return this.meta.get(key) ?? null;
  }

  /**
   * Stores a small durable setting (null removes it). Setting the value it already has writes
   * nothing: every success clears the failure streak, and a read is cheaper than a write.
   */
  setMeta(key: string, value: string | null): void {
    if (this.getMeta(key) === value) return;
    if (value === null) {
      this.sql.exec("DELETE FROM meta WHERE key = ?", key);
      this.meta?.delete(key);
    } else {
      this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value);
      this.meta?.set(key, value);
    }
  }
}

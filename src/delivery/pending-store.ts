import { migrateOrdering } from "./order-store";

// A webhook object's durable queue, in its own SQLite storage. Rows stay after they end
// (succeeded / failed / expired) so a redelivered hand-off of the same (wallet, event) is
// recognised and never sent twice; the sweep purges them after the retention period.

/** One delivery as the object stores it. */
export type PendingRow = {
  key: string;
  seq: number;
  delivery_id: string;
  wallet_id: string;
  event_id: string;
  event_type: string;
  format: string;
  url: string;
  body: string;
  /** The format's non-secret headers (X-Wallet-Id), JSON. */
  headers: string;
  status: DeliveryStatus;
  attempt_count: number;
  next_attempt_at: number;
  expires_at: number | null;
  last_status_code: number | null;
  created_at: number;
  updated_at: number;
  /** 1 while the D1 mirror has not seen the latest state. */
  dirty: number;
  /** The event's subject: what a `subject` webhook orders by. */
  subject: string | null;
  /** `webhook-sequence`, set on the first attempt of an ordered webhook's delivery. */
  sequence: number | null;
};

export type DeliveryStatus = "pending" | "sending" | "succeeded" | "failed" | "expired";

/** An attempt waiting to be mirrored to D1. */
export type AttemptRecord = {
  delivery_id: string;
  n: number;
  started_at: number;
  duration_ms: number;
  status_code: number | null;
  error: string | null;
  response_body: string | null;
};

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  key TEXT PRIMARY KEY, seq INTEGER NOT NULL, delivery_id TEXT NOT NULL UNIQUE,
  wallet_id TEXT NOT NULL, event_id TEXT NOT NULL, event_type TEXT NOT NULL,
  format TEXT NOT NULL, url TEXT NOT NULL, body TEXT NOT NULL, headers TEXT NOT NULL,
  status TEXT NOT NULL, attempt_count INTEGER NOT NULL DEFAULT 0, next_attempt_at INTEGER NOT NULL,
  expires_at INTEGER, last_status_code INTEGER, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL,
  dirty INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX IF NOT EXISTS deliveries_open ON deliveries(status, seq);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries(status, next_attempt_at);
CREATE INDEX IF NOT EXISTS deliveries_dirty ON deliveries(dirty) WHERE dirty = 1;
CREATE INDEX IF NOT EXISTS deliveries_ended ON deliveries(updated_at) WHERE status IN ('succeeded', 'failed', 'expired');
CREATE INDEX IF NOT EXISTS deliveries_expiring ON deliveries(expires_at) WHERE status = 'pending' AND expires_at IS NOT NULL;
CREATE TABLE IF NOT EXISTS attempt_outbox (
  delivery_id TEXT NOT NULL, n INTEGER NOT NULL, started_at INTEGER NOT NULL, duration_ms INTEGER NOT NULL,
  status_code INTEGER, error TEXT, response_body TEXT, PRIMARY KEY (delivery_id, n)
);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
`;

/** Typed access to the object's SQLite tables. All calls are synchronous: no await, no interleaving. */
export class PendingStore {
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
    return this.sql
      .exec<{ at: number | null }>(
        "SELECT MIN(expires_at) AS at FROM deliveries WHERE status = 'pending' AND expires_at IS NOT NULL",
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

  /** Sets one delivery to be sent again now (the retry API). */
  reopen(deliveryId: string, now: number): boolean {
    return (
      this.sql.exec(
        "UPDATE deliveries SET status = 'pending', next_attempt_at = ?, updated_at = ?, dirty = 1 WHERE delivery_id = ? AND status != 'sending'",
        now,
        now,
        deliveryId,
      ).rowsWritten > 0
    );
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

  /** Rows and attempts the D1 mirror has not seen yet. */
  unmirrored(limit: number): {
    deliveries: PendingRow[];
    attempts: (AttemptRecord & { wallet_id: string | null })[];
  } {
    return {
      deliveries: this.sql
        .exec<PendingRow>("SELECT * FROM deliveries WHERE dirty = 1 LIMIT ?", limit)
        .toArray(),
      attempts: this.sql
        // With each attempt its delivery's wallet: the D1 shard it is mirrored to.
        .exec<AttemptRecord & { wallet_id: string | null }>(
          "SELECT a.*, d.wallet_id FROM attempt_outbox a LEFT JOIN deliveries d USING (delivery_id) LIMIT ?",
          limit,
        )
        .toArray(),
    };
  }

  /** How many delivery states and attempts wait for the D1 mirror (the larger of the two). */
  unmirroredCount(): number {
    const dirty = this.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM deliveries WHERE dirty = 1")
      .one().n;
    const attempts = this.sql
      .exec<{ n: number }>("SELECT COUNT(*) AS n FROM attempt_outbox")
      .one().n;
    return Math.max(dirty, attempts);
  }

  /** Clears the mirror marks of what D1 now holds (unless the row changed again meanwhile). */
  mirrored(deliveries: PendingRow[], attempts: AttemptRecord[]): void {
    // Two statements for the whole batch (the rows travel as one JSON parameter), not one per row.
    if (deliveries.length) {
      this.sql.exec(
        `UPDATE deliveries SET dirty = 0 WHERE (key, updated_at) IN
           (SELECT value ->> 'key', value ->> 'updatedAt' FROM json_each(?))`,
        JSON.stringify(deliveries.map((d) => ({ key: d.key, updatedAt: d.updated_at }))),
      );
    }
    if (attempts.length) {
      this.sql.exec(
        `DELETE FROM attempt_outbox WHERE (delivery_id, n) IN (SELECT value ->> 'deliveryId', value ->> 'n' FROM json_each(?))`,
        JSON.stringify(attempts.map((a) => ({ deliveryId: a.delivery_id, n: a.n }))),
      );
    }
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
    return (
      this.sql.exec<{ value: string }>("SELECT value FROM meta WHERE key = ?", key).toArray()[0]
        ?.value ?? null
    );
  }

  /**
   * Stores a small durable setting (null removes it). Setting the value it already has writes
   * nothing: every success clears the failure streak, and a read is cheaper than a write.
   */
  setMeta(key: string, value: string | null): void {
    if (this.getMeta(key) === value) return;
    if (value === null) this.sql.exec("DELETE FROM meta WHERE key = ?", key);
    else this.sql.exec("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", key, value);
  }
}

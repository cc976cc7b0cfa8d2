// The tables of a webhook object's SQLite storage: its deliveries, the attempts waiting for the
// D1 mirror, and a few durable settings. Older objects get later columns from migrateOrdering.

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

/** Creates the tables and indexes an object needs (idempotent). */
export const SCHEMA = `
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

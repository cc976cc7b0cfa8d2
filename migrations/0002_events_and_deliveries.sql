-- The event log and the delivery log (mirrored from the webhook objects in batches).
CREATE TABLE events (
  wallet_id TEXT NOT NULL,
  -- Client-supplied (idempotency key per wallet) or generated UUID.
  id TEXT NOT NULL,
  type TEXT NOT NULL,
  data TEXT NOT NULL,
  channels TEXT NOT NULL DEFAULT '[]',
  subject TEXT,
  expires_at TEXT,
  -- JSON {urlEnc, bearerTokenEnc?, format?}: a one-off target, encrypted.
  notify TEXT,
  -- SHA-256 of the canonical request, to tell a repeat (200) from a conflict (409).
  body_hash TEXT NOT NULL,
  -- Acceptance stamp (microseconds, monotonic per isolate): the fifo order.
  seq INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (wallet_id, id)
);
CREATE INDEX events_wallet_seq ON events(wallet_id, seq);
CREATE INDEX events_created ON events(created_at);

CREATE TABLE deliveries (
  id TEXT PRIMARY KEY,
  wallet_id TEXT NOT NULL,
  event_id TEXT NOT NULL,
  webhook_id TEXT NOT NULL,
  event_type TEXT NOT NULL,
  status TEXT NOT NULL,
  attempt_count INTEGER NOT NULL DEFAULT 0,
  next_attempt_at TEXT,
  last_status_code INTEGER,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  UNIQUE (webhook_id, wallet_id, event_id)
);
CREATE INDEX deliveries_webhook_created ON deliveries(webhook_id, created_at);
CREATE INDEX deliveries_webhook_status ON deliveries(webhook_id, status, updated_at);
CREATE INDEX deliveries_event ON deliveries(wallet_id, event_id);

CREATE TABLE attempts (
  delivery_id TEXT NOT NULL,
  n INTEGER NOT NULL,
  webhook_id TEXT NOT NULL,
  started_at TEXT NOT NULL,
  duration_ms INTEGER NOT NULL,
  status_code INTEGER,
  error TEXT,
  response_body TEXT,
  PRIMARY KEY (delivery_id, n)
);
CREATE INDEX attempts_webhook_started ON attempts(webhook_id, started_at);

-- What reached the dead-letter queue: recorded, never dropped.
CREATE TABLE dead_letters (
  id TEXT PRIMARY KEY,
  queue TEXT NOT NULL,
  body TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  received_at TEXT NOT NULL,
  resolved_at TEXT
);

-- Least-privilege keys, the audit log, the revocation epoch and wallet tombstones.

-- JSON array of scopes: "ingest", "read", "manage" (manage: everything, the old behaviour).
ALTER TABLE api_keys ADD COLUMN scopes TEXT NOT NULL DEFAULT '["manage"]';
ALTER TABLE api_keys ADD COLUMN name TEXT;
-- After this instant the key is refused (NULL: never expires).
ALTER TABLE api_keys ADD COLUMN expires_at TEXT;

-- One row: bumped by every key revocation and wallet deletion. Each isolate reads it at most
-- once a second and empties its key cache when it moved (src/services/key-cache.ts).
CREATE TABLE auth_epoch (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  version INTEGER NOT NULL
);
INSERT INTO auth_epoch (id, version) VALUES (1, 0);

-- Management changes per wallet: who, what, when, from where. Never a secret.
CREATE TABLE audit_log (
  -- UUIDv7: creation order.
  id TEXT PRIMARY KEY,
  -- NULL: a change to a global webhook (the admin's log only). No foreign key: the log
  -- outlives nothing it records, and a deleted wallet's entries go with its purge.
  wallet_id TEXT,
  -- "admin", or "key:<api key id>".
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  -- What the action touched: a webhook id, a key id, ...
  target TEXT,
  -- JSON object of non-secret details.
  details TEXT NOT NULL DEFAULT '{}',
  ip TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX audit_log_wallet ON audit_log(wallet_id, id);

-- A deleted wallet's id, kept so it is never reused; purged_at is set once its rows are gone.
CREATE TABLE deleted_wallets (
  id TEXT PRIMARY KEY,
  deleted_at TEXT NOT NULL,
  purged_at TEXT
);
CREATE INDEX deleted_wallets_unpurged ON deleted_wallets(id) WHERE purged_at IS NULL;

-- Tenants, their API keys and their webhooks.
CREATE TABLE wallets (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL,
  -- Idempotent bootstrap: the default wallet's env webhook is created once, recorded here.
  bootstrapped_at TEXT
);

CREATE TABLE api_keys (
  id TEXT PRIMARY KEY,
  wallet_id TEXT NOT NULL REFERENCES wallets(id) ON DELETE CASCADE,
  -- SHA-256 of the key, hex: the key itself is shown once and never stored.
  key_hash TEXT NOT NULL UNIQUE,
  -- The first characters, so an operator can tell keys apart.
  prefix TEXT NOT NULL,
  created_at TEXT NOT NULL,
  revoked_at TEXT
);
CREATE INDEX api_keys_wallet ON api_keys(wallet_id);

CREATE TABLE webhooks (
  id TEXT PRIMARY KEY,
  -- NULL: a global webhook that receives every wallet's events.
  wallet_id TEXT REFERENCES wallets(id) ON DELETE CASCADE,
  url TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  enabled INTEGER NOT NULL DEFAULT 1,
  event_types TEXT NOT NULL DEFAULT '[]',
  channels TEXT NOT NULL DEFAULT '[]',
  format TEXT NOT NULL DEFAULT 'standard',
  -- AES-GCM ciphertexts (base64 iv||ct) under ENCRYPTION_KEY.
  secret_enc TEXT NOT NULL,
  -- JSON [{secretEnc, expiresAt}]: rotated-out secrets that still sign for 24 h.
  old_secrets TEXT NOT NULL DEFAULT '[]',
  bearer_token_enc TEXT,
  api_key_enc TEXT,
  -- JSON {name: value} of non-sensitive headers, and the encrypted JSON of sensitive ones.
  custom_headers TEXT NOT NULL DEFAULT '{}',
  custom_headers_enc TEXT,
  retry TEXT NOT NULL DEFAULT '{"preset":"standard"}',
  ordering TEXT NOT NULL DEFAULT 'fifo',
  max_in_flight INTEGER NOT NULL DEFAULT 6,
  rate_limit_per_second INTEGER,
  timeout_ms INTEGER NOT NULL DEFAULT 15000,
  disabled_reason TEXT,
  -- api | identus | env-default | env-global | notify
  source TEXT NOT NULL DEFAULT 'api',
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL
);
CREATE INDEX webhooks_wallet ON webhooks(wallet_id, id);
CREATE INDEX webhooks_global ON webhooks(id) WHERE wallet_id IS NULL;

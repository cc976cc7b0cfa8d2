-- Per-wallet limit overrides set by the admin (PATCH /v1/wallets/{id} {limits}); a wallet without
-- a row has the defaults of the settings. JSON of the limits the admin changed, and nothing else.
CREATE TABLE wallet_limits (
  wallet_id TEXT PRIMARY KEY REFERENCES wallets(id) ON DELETE CASCADE,
  overrides TEXT NOT NULL DEFAULT '{}',
  updated_at TEXT NOT NULL
);

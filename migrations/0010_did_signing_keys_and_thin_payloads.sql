-- Per-wallet Ed25519 signing keys (Standard Webhooks v1a), published in the wallet's did:web
-- document and JWKS. One current key per wallet (retired_at NULL); a rotated-out key keeps
-- signing beside the new one until expires_at (24 h after the rotation), then leaves the documents.
CREATE TABLE signing_keys (
  wallet_id TEXT NOT NULL REFERENCES wallets(id) ON DELETE CASCADE,
  -- RFC 7638 JWK thumbprint: the JWKS kid and the fragment of the DID URL in webhook-key-id.
  id TEXT NOT NULL,
  -- The raw 32-byte public key, base64url (the JWK's x).
  public_key TEXT NOT NULL,
  -- PKCS#8 private key, AES-GCM sealed under ENCRYPTION_KEY like the webhook secrets.
  private_key_enc TEXT NOT NULL,
  created_at TEXT NOT NULL,
  retired_at TEXT,
  expires_at TEXT,
  PRIMARY KEY (wallet_id, id)
);
-- At most one current key per wallet: two first uses at once create one key, not two.
CREATE UNIQUE INDEX signing_keys_current ON signing_keys(wallet_id) WHERE retired_at IS NULL;

-- hmac (v1, today's default) | ed25519 (v1a only) | both.
ALTER TABLE webhooks ADD COLUMN signature TEXT NOT NULL DEFAULT 'hmac';
-- full | thin ({id, type, walletId, subject, timestamp, href}, never data).
ALTER TABLE webhooks ADD COLUMN payload TEXT NOT NULL DEFAULT 'full';
-- JSON array of JSON Pointers into the event whose values are sent as "[redacted]".
ALTER TABLE webhooks ADD COLUMN redact TEXT NOT NULL DEFAULT '[]';
-- The origin (scheme://host[:port]) of the request that created the webhook or last PATCHed it:
-- the host of the did:web key ids in its deliveries and of thin payloads' href.
ALTER TABLE webhooks ADD COLUMN public_origin TEXT;

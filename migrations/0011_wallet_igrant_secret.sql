-- A wallet's own iGrant ingest secret (AES-GCM ciphertext, like webhook secrets); NULL falls back
-- to IGRANT_WEBHOOK_SECRET.
ALTER TABLE wallets ADD COLUMN igrant_webhook_secret_enc TEXT;

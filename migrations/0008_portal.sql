-- The tenant portal (/portal): one-time sign-in links and browser sessions.

-- A portal link's token is shown once (in the URL) and stored as its SHA-256. used_at is set by
-- one conditional UPDATE, which is what makes a link single-use under concurrent opens.
CREATE TABLE portal_links (
  id TEXT PRIMARY KEY,
  wallet_id TEXT NOT NULL REFERENCES wallets(id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  read_only INTEGER NOT NULL DEFAULT 0,
  expires_at TEXT NOT NULL,
  used_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX portal_links_expiry ON portal_links(expires_at);

-- A browser session; the cookie carries its id, signed. A row (not only the signature) lets
-- sign-out end a session for good, even if the cookie was copied. wallet_id NULL: the admin.
-- key_hash: SHA-256 of the key that opened it (NULL for a portal link), so revoking that key,
-- or changing ADMIN_API_KEY, ends the session too.
CREATE TABLE portal_sessions (
  id TEXT PRIMARY KEY,
  wallet_id TEXT REFERENCES wallets(id) ON DELETE CASCADE,
  key_hash TEXT,
  read_only INTEGER NOT NULL DEFAULT 0,
  expires_at TEXT NOT NULL,
  ended_at TEXT,
  created_at TEXT NOT NULL
);
CREATE INDEX portal_sessions_expiry ON portal_sessions(expires_at);

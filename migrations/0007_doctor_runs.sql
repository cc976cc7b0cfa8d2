-- The receiver doctor (POST /v1/webhooks/{id}/doctor): each webhook's latest run, which is also
-- its rate limit (a new run may start only a minute after the last one started).
CREATE TABLE doctor_runs (
  webhook_id TEXT PRIMARY KEY,
  -- The webhook's wallet; null for a global webhook (admin only).
  wallet_id TEXT,
  -- running | done
  status TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  -- JSON {url, score: {passed, total}, results: [{probe, title, outcome, why, fix, status, durationMs}]}
  report TEXT
);

-- Event types a wallet registers beside the built-in catalog (src/domain/event-catalog).
CREATE TABLE event_types (
  wallet_id TEXT NOT NULL REFERENCES wallets(id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  -- JSON Schema (draft 2020-12) of the event's data, and an example data object: JSON text, or NULL.
  schema TEXT,
  example TEXT,
  -- 1: ingest refuses events of this type whose data does not match the schema (the wallet opted in).
  validate_ingest INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL,
  updated_at TEXT NOT NULL,
  PRIMARY KEY (wallet_id, name)
);
-- A global webhook may subscribe to a type any wallet registered: looked up by name alone.
CREATE INDEX event_types_name ON event_types(name);
-- Ingest asks which wallets validate any type (a few times a minute per isolate, cached).
CREATE INDEX event_types_validating ON event_types(wallet_id) WHERE validate_ingest = 1;

-- The event log's position is SQLite's implicit rowid of `events`: the order the consumer
-- stored the events in (one writer, so commit order). An index on wallet_id alone holds
-- (wallet_id, rowid) entries, so "a wallet's events after position N, in position order"
-- (GET /v1/events, the live stream's replay) is a range scan with no sort.
CREATE INDEX events_wallet_position ON events(wallet_id);

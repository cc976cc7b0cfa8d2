-- GET /v1/admin/metrics counts deliveries that failed in the last hour and day: a range over
-- (status, updated_at) instead of a scan of every delivery.
CREATE INDEX deliveries_status_updated ON deliveries(status, updated_at);

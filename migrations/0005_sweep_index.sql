-- The cron sweep looks for overdue open deliveries across all webhooks.
CREATE INDEX deliveries_open_due ON deliveries(status, next_attempt_at) WHERE status IN ('pending', 'sending');

-- Owner: Events. position orders the feed; transaction_id lets a reader stop before any transaction still in flight
-- (GET /events returns rows with transaction_id < pg_snapshot_xmin(pg_current_snapshot())).
-- Proved by tests/FalloutManagement.IntegrationTests/Events/EventFeedTests.cs.
ALTER TABLE outbox_events ADD COLUMN position bigint GENERATED ALWAYS AS IDENTITY;
ALTER TABLE outbox_events ADD COLUMN transaction_id xid8 NOT NULL DEFAULT pg_current_xact_id();
CREATE UNIQUE INDEX ux_outbox_events_position ON outbox_events (position);
CREATE INDEX ix_outbox_events_transaction ON outbox_events (transaction_id, position);

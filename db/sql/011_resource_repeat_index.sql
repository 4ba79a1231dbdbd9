-- Owner: Analytics. The resource dimension of /analytics/repeat-fallout (about as many keys as cases, so not in the
-- daily rollup) is aggregated live over the period: this narrow covering index makes it one index-only range scan
-- (70 MB at 1M cases, against 178 MB for ix_fallout_cases_created_analytics and 327 MB for the table). The query reads
-- it in one process with sequential scans off (AnalyticsQueries.RepeatFalloutAsync); over a year at 1M cases the
-- call went from 650–740 ms to 185–350 ms. Measured in docs/benchmarks-analytics.md. IF NOT EXISTS: an index an
-- operator built beforehand with CREATE INDEX CONCURRENTLY under this name (docs/operations.md) is kept.
CREATE INDEX IF NOT EXISTS ix_fallout_cases_resource_analytics ON fallout_cases (created_at)
    INCLUDE (resource_id, occurrence_count, queue, category)
    WHERE resource_id IS NOT NULL;

-- Owner: Analytics. Issue 14: a case that only moves between statuses no longer marks its day dirty. No folded figure
-- reads a case's status but the reopen figure ("a CLOSED case exists on the same item and step with closed_at <=
-- created_at", docs/database.md), and a case becomes CLOSED (or CANCELLED) only together with its closed_at, which
-- still marks; CLOSED is final. Before, every pull, assignment, start or wait on an old case marked its day, and the
-- background fold recomputed that whole day (~150 ms of a database core per day at 1M cases) beside the requests.
-- The trigger of 009 without `OLD.status IS DISTINCT FROM NEW.status`; the function is unchanged.
-- Proved by tests/FalloutManagement.IntegrationTests/Analytics/CaseDayMarkTests.cs and AnalyticsRollupTests.cs.
DROP TRIGGER trg_fallout_cases_analytics_update ON fallout_cases;
CREATE TRIGGER trg_fallout_cases_analytics_update AFTER UPDATE ON fallout_cases FOR EACH ROW
    WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.queue IS DISTINCT FROM NEW.queue
          OR OLD.category IS DISTINCT FROM NEW.category
          OR OLD.classified_at IS DISTINCT FROM NEW.classified_at OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
          OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.occurrence_count IS DISTINCT FROM NEW.occurrence_count
          OR OLD.service_order_item_id IS DISTINCT FROM NEW.service_order_item_id
          OR OLD.failed_step_key IS DISTINCT FROM NEW.failed_step_key
          OR OLD.reason_code IS DISTINCT FROM NEW.reason_code OR OLD.source_system IS DISTINCT FROM NEW.source_system
          OR OLD.resource_id IS DISTINCT FROM NEW.resource_id OR OLD.attributes_json IS DISTINCT FROM NEW.attributes_json)
    EXECUTE FUNCTION analytics_mark_case_day();

-- Undoes 015_case_marks_without_status.sql (run by the CaseMarksWithoutStatus migration's Down): the trigger as 009 made
-- it, a change of status marking the case's day too.
DROP TRIGGER trg_fallout_cases_analytics_update ON fallout_cases;
CREATE TRIGGER trg_fallout_cases_analytics_update AFTER UPDATE ON fallout_cases FOR EACH ROW
    WHEN (OLD.created_at IS DISTINCT FROM NEW.created_at OR OLD.queue IS DISTINCT FROM NEW.queue
          OR OLD.category IS DISTINCT FROM NEW.category OR OLD.status IS DISTINCT FROM NEW.status
          OR OLD.classified_at IS DISTINCT FROM NEW.classified_at OR OLD.resolved_at IS DISTINCT FROM NEW.resolved_at
          OR OLD.closed_at IS DISTINCT FROM NEW.closed_at OR OLD.occurrence_count IS DISTINCT FROM NEW.occurrence_count
          OR OLD.service_order_item_id IS DISTINCT FROM NEW.service_order_item_id
          OR OLD.failed_step_key IS DISTINCT FROM NEW.failed_step_key
          OR OLD.reason_code IS DISTINCT FROM NEW.reason_code OR OLD.source_system IS DISTINCT FROM NEW.source_system
          OR OLD.resource_id IS DISTINCT FROM NEW.resource_id OR OLD.attributes_json IS DISTINCT FROM NEW.attributes_json)
    EXECUTE FUNCTION analytics_mark_case_day();

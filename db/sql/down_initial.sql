-- Undoes the hand-written part of the initial migration (run by its Down, before EF Core drops the model's tables):
-- the triggers and functions first, since the tables cannot be dropped while they depend on them.
DROP TRIGGER IF EXISTS trg_correction_actions_analytics_update ON correction_actions;
DROP TRIGGER IF EXISTS trg_correction_actions_analytics_write ON correction_actions;
DROP TRIGGER IF EXISTS trg_sla_clocks_analytics_update ON sla_clocks;
DROP TRIGGER IF EXISTS trg_sla_clocks_analytics_write ON sla_clocks;
DROP TRIGGER IF EXISTS trg_fallout_cases_analytics_update ON fallout_cases;
DROP TRIGGER IF EXISTS trg_fallout_cases_analytics_write ON fallout_cases;
DROP FUNCTION IF EXISTS analytics_fold(integer);
DROP FUNCTION IF EXISTS analytics_mark_correction_day();
DROP FUNCTION IF EXISTS analytics_mark_clock_day();
DROP FUNCTION IF EXISTS analytics_mark_case_day();
DROP TABLE IF EXISTS analytics_dirty_days;
DROP TABLE IF EXISTS analytics_daily_corrections;
DROP TABLE IF EXISTS analytics_daily_clocks;
DROP TABLE IF EXISTS analytics_daily;
ALTER TABLE fallout_cases DROP CONSTRAINT IF EXISTS fk_fallout_cases_incidents_incident_id;
DROP TRIGGER IF EXISTS audit_entries_chain ON audit_entries;
DROP FUNCTION IF EXISTS fallout_audit_chain();
DROP FUNCTION IF EXISTS fallout_audit_hash(audit_entries);
DROP TRIGGER IF EXISTS audit_entries_append_only ON audit_entries;
DROP TRIGGER IF EXISTS audit_entries_no_truncate ON audit_entries;
DROP TRIGGER IF EXISTS evidence_items_append_only ON evidence_items;
DROP TRIGGER IF EXISTS evidence_items_no_truncate ON evidence_items;
DROP TRIGGER IF EXISTS evidence_contents_append_only ON evidence_contents;
DROP TRIGGER IF EXISTS evidence_contents_no_truncate ON evidence_contents;
DROP TRIGGER IF EXISTS outbox_events_append_only ON outbox_events;
DROP TRIGGER IF EXISTS outbox_events_no_truncate ON outbox_events;
DROP FUNCTION IF EXISTS fallout_refuse_change();

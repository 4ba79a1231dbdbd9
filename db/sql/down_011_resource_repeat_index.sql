-- Undoes 011_resource_repeat_index.sql (run by the ResourceRepeatIndex migration's Down).
DROP INDEX IF EXISTS ix_fallout_cases_resource_analytics;

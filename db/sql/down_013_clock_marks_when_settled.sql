-- Undoes 013_clock_marks_when_settled.sql (run by the ClockMarksWhenSettled migration's Down): one trigger for INSERT
-- and DELETE that calls the function for every clock, as 006 made it.
DROP TRIGGER trg_sla_clocks_analytics_delete ON sla_clocks;
DROP TRIGGER trg_sla_clocks_analytics_write ON sla_clocks;
CREATE TRIGGER trg_sla_clocks_analytics_write AFTER INSERT OR DELETE ON sla_clocks
    FOR EACH ROW EXECUTE FUNCTION analytics_mark_clock_day();

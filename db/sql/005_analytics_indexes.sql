-- Owner: Analytics. The indexes behind /analytics: partial on open cases, so the backlog figures read a small covering
-- index; covering on created_at, so the period figures read the index only; the reopen look-up over closed cases;
-- the corrections by case and by proposal time; the clocks by start time (every clock starts at its case's creation,
-- so the clocks of the cases created in a period are one index-only range scan). Measured in docs/benchmarks-analytics.md.
CREATE INDEX ix_fallout_cases_open_analytics ON fallout_cases (queue, category, severity, created_at)
    INCLUDE (service_order_id, revenue_at_risk_currency, revenue_at_risk_amount)
    WHERE status NOT IN ('CLOSED', 'CANCELLED');

CREATE INDEX ix_fallout_cases_created_analytics ON fallout_cases (created_at)
    INCLUDE (queue, category, status, sla_due_at, classified_at, resolved_at, closed_at, service_order_item_id,
             failed_step_key, occurrence_count, reason_code, source_system, resource_id);

CREATE INDEX ix_fallout_cases_closed_step ON fallout_cases (service_order_item_id, failed_step_key, closed_at)
    WHERE status = 'CLOSED';

CREATE INDEX ix_correction_actions_case_id ON correction_actions (case_id);

CREATE INDEX ix_correction_actions_proposed_analytics ON correction_actions (proposed_at)
    INCLUDE (case_id, type, applied_at, proposed_by);

CREATE INDEX ix_sla_clocks_started_analytics ON sla_clocks (started_at)
    INCLUDE (kind, due_at, met_at, paused_since, breach_notified_at, case_id);

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// Hand-written: the indexes behind /analytics (partial on open cases, so the backlog figures read a small
    /// covering index; covering on created_at, so the period figures read the index only), the reopen look-up over closed cases, the corrections by case and by proposal time, the incident foreign key of
    /// fallout_cases, and classified_at backfilled from the audit for cases classified before the column existed.
    /// </summary>
    public partial class AnalyticsIndexesAndIncidentLink : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                ALTER TABLE fallout_cases
                    ADD CONSTRAINT fk_fallout_cases_incidents_incident_id FOREIGN KEY (incident_id) REFERENCES incidents (id);

                UPDATE fallout_cases c SET classified_at = a.first_at
                  FROM (SELECT case_id, min(occurred_at) AS first_at FROM audit_entries
                         WHERE action = 'CASE_CLASSIFIED' GROUP BY case_id) a
                 WHERE a.case_id = c.id AND c.classified_at IS NULL;

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
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP INDEX IF EXISTS ix_correction_actions_proposed_analytics;
                DROP INDEX IF EXISTS ix_correction_actions_case_id;
                DROP INDEX IF EXISTS ix_fallout_cases_closed_step;
                DROP INDEX IF EXISTS ix_fallout_cases_created_analytics;
                DROP INDEX IF EXISTS ix_fallout_cases_open_analytics;
                ALTER TABLE fallout_cases DROP CONSTRAINT IF EXISTS fk_fallout_cases_incidents_incident_id;
                """);
        }
    }
}

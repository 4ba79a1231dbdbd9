using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// Issue 14: the queue work-list index (queue, SLA due time, id) and db/sql/009_analytics_repeat_rollup.sql (the
    /// repeat-fallout rollup, a fold that leaves the current day alone). Down runs db/sql/down_009.sql.
    /// </summary>
    public partial class WorkListIndexAndRepeatRollup : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_queue_sla_due_at_id",
                table: "fallout_cases",
                columns: new[] { "queue", "sla_due_at", "id" });

            migrationBuilder.Sql(SqlScripts.Read("009_analytics_repeat_rollup.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_009.sql"));

            migrationBuilder.DropIndex(
                name: "ix_fallout_cases_queue_sla_due_at_id",
                table: "fallout_cases");
        }
    }
}

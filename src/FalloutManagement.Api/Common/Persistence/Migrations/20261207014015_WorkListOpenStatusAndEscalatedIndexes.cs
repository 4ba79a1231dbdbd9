using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WorkListOpenStatusAndEscalatedIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_escalated_sla_due_at_id",
                table: "fallout_cases",
                columns: new[] { "sla_due_at", "id" },
                filter: "escalation_level > 0");

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_open_status_sla_due_at_id",
                table: "fallout_cases",
                columns: new[] { "status", "sla_due_at", "id" },
                filter: "status NOT IN ('CLOSED', 'CANCELLED')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_fallout_cases_escalated_sla_due_at_id",
                table: "fallout_cases");

            migrationBuilder.DropIndex(
                name: "ix_fallout_cases_open_status_sla_due_at_id",
                table: "fallout_cases");
        }
    }
}

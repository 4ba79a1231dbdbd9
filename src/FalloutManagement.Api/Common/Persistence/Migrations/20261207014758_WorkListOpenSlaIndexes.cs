using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class WorkListOpenSlaIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_open_queue_sla_due_at_id",
                table: "fallout_cases",
                columns: new[] { "queue", "sla_due_at", "id" },
                filter: "status NOT IN ('CLOSED', 'CANCELLED')");

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_open_sla_due_at_id",
                table: "fallout_cases",
                columns: new[] { "sla_due_at", "id" },
                filter: "status NOT IN ('CLOSED', 'CANCELLED')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_fallout_cases_open_queue_sla_due_at_id",
                table: "fallout_cases");

            migrationBuilder.DropIndex(
                name: "ix_fallout_cases_open_sla_due_at_id",
                table: "fallout_cases");
        }
    }
}

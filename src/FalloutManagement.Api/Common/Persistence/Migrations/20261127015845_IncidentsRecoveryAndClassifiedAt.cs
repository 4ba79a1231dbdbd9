using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class IncidentsRecoveryAndClassifiedAt : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "classified_at",
                table: "fallout_cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "incidents",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    description = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    affected_target_system = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    rule_source_system = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rule_category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    rule_reason_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    rule_failed_step_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    rule_window_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    rule_window_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    root_cause = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    resolved_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    resolved_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_incidents", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "recovery_jobs",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    incident_id = table.Column<Guid>(type: "uuid", nullable: false),
                    action = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    max_concurrency = table.Column<int>(type: "integer", nullable: false),
                    failure_threshold = table.Column<decimal>(type: "numeric(5,4)", precision: 5, scale: 4, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    total = table.Column<int>(type: "integer", nullable: false),
                    done = table.Column<int>(type: "integer", nullable: false),
                    skipped = table.Column<int>(type: "integer", nullable: false),
                    failed = table.Column<int>(type: "integer", nullable: false),
                    stop_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    requested_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recovery_jobs", x => x.id);
                    table.ForeignKey(
                        name: "fk_recovery_jobs_incidents_incident_id",
                        column: x => x.incident_id,
                        principalTable: "incidents",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "recovery_case_outcomes",
                columns: table => new
                {
                    job_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    outcome = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    reason = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    problem_code = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    correction_action_id = table.Column<Guid>(type: "uuid", nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recovery_case_outcomes", x => new { x.job_id, x.case_id });
                    table.ForeignKey(
                        name: "fk_recovery_case_outcomes_recovery_job_job_id",
                        column: x => x.job_id,
                        principalTable: "recovery_jobs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_incidents_started_at",
                table: "incidents",
                column: "started_at");

            migrationBuilder.CreateIndex(
                name: "ix_incidents_status",
                table: "incidents",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_recovery_case_outcomes_case_id",
                table: "recovery_case_outcomes",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_recovery_jobs_incident_id_created_at",
                table: "recovery_jobs",
                columns: new[] { "incident_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "recovery_case_outcomes");

            migrationBuilder.DropTable(
                name: "recovery_jobs");

            migrationBuilder.DropTable(
                name: "incidents");

            migrationBuilder.DropColumn(
                name: "classified_at",
                table: "fallout_cases");
        }
    }
}

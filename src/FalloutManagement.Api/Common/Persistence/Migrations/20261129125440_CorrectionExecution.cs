using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CorrectionExecution : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "command_id",
                table: "correction_actions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "dispatched_at",
                table: "correction_actions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "execution_deadline",
                table: "correction_actions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "execution_detail",
                table: "correction_actions",
                type: "character varying(4000)",
                maxLength: 4000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "execution_status",
                table: "correction_actions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: false,
                defaultValue: "NOT_DISPATCHED");

            migrationBuilder.AddColumn<string>(
                name: "executor",
                table: "correction_actions",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "external_ref",
                table: "correction_actions",
                type: "character varying(200)",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<Guid>(
                name: "read_back_evidence_id",
                table: "correction_actions",
                type: "uuid",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "reported_at",
                table: "correction_actions",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "reported_outcome",
                table: "correction_actions",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<TimeSpan>(
                name: "result_deadline",
                table: "correction_actions",
                type: "interval",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "executors",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(60)", maxLength: 60, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    correction_types = table.Column<string[]>(type: "text[]", nullable: false),
                    result_deadline = table.Column<TimeSpan>(type: "interval", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_executors", x => x.code);
                });

            migrationBuilder.InsertData(
                table: "executors",
                columns: new[] { "code", "correction_types", "name", "result_deadline", "updated_at", "updated_by", "version" },
                values: new object[,]
                {
                    { "activation-service", new[] { "RETRY" }, "Activation service", new TimeSpan(0, 0, 15, 0, 0), new DateTimeOffset(new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1L },
                    { "billing", new[] { "COMPENSATION", "DATA_CORRECTION" }, "Billing and charging", new TimeSpan(0, 1, 0, 0, 0), new DateTimeOffset(new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1L },
                    { "crm", new[] { "DATA_CORRECTION" }, "CRM", new TimeSpan(0, 1, 0, 0, 0), new DateTimeOffset(new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1L },
                    { "field-workforce", new[] { "RESOURCE_REALLOCATION" }, "Field workforce", new TimeSpan(1, 0, 0, 0, 0), new DateTimeOffset(new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1L },
                    { "hss-adapter", new[] { "DATA_CORRECTION", "RETRY" }, "HSS adapter", new TimeSpan(0, 0, 15, 0, 0), new DateTimeOffset(new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1L },
                    { "order-management", new[] { "ORDER_AMENDMENT", "CANCELLATION", "FORCE_COMPLETE" }, "Order management", new TimeSpan(0, 0, 30, 0, 0), new DateTimeOffset(new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1L },
                    { "partner-gateway", new[] { "RETRY" }, "Partner gateway", new TimeSpan(0, 4, 0, 0, 0), new DateTimeOffset(new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1L },
                    { "resource-inventory", new[] { "RESOURCE_REALLOCATION", "DATA_CORRECTION" }, "Resource inventory", new TimeSpan(0, 0, 30, 0, 0), new DateTimeOffset(new DateTime(2026, 11, 29, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "seed", 1L }
                });

            migrationBuilder.CreateIndex(
                name: "ix_correction_actions_execution_deadline",
                table: "correction_actions",
                column: "execution_deadline",
                filter: "execution_status = 'REQUESTED'");

            migrationBuilder.Sql(SqlScripts.Read("009_seed_subscriber_identity_policy.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM action_policies WHERE id = '00000000-0000-7000-8000-000000000018';");

            migrationBuilder.DropTable(
                name: "executors");

            migrationBuilder.DropIndex(
                name: "ix_correction_actions_execution_deadline",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "command_id",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "dispatched_at",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "execution_deadline",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "execution_detail",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "execution_status",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "executor",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "external_ref",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "read_back_evidence_id",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "reported_at",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "reported_outcome",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "result_deadline",
                table: "correction_actions");
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CorrectionExecutionAndParticipants : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "waiting_party",
                table: "fallout_cases",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

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
                defaultValue: "");

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

            migrationBuilder.CreateTable(
                name: "external_updates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    party = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    update_id = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    waiting_for = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    outcome = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    detail = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    evidence_id = table.Column<Guid>(type: "uuid", nullable: true),
                    service_order_item_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    received_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    received_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_external_updates", x => x.id);
                    table.ForeignKey(
                        name: "fk_external_updates_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "resource_reservations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    resource_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    on_expiry = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expired_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_resource_reservations", x => x.id);
                    table.ForeignKey(
                        name: "fk_resource_reservations_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
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
                name: "ix_fallout_cases_waiting_until",
                table: "fallout_cases",
                column: "waiting_until",
                filter: "waiting_until IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_correction_actions_execution_deadline",
                table: "correction_actions",
                column: "execution_deadline",
                filter: "execution_status = 'REQUESTED'");

            migrationBuilder.CreateIndex(
                name: "ix_external_updates_case_id",
                table: "external_updates",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_external_updates_party_update_id",
                table: "external_updates",
                columns: new[] { "party", "update_id" },
                unique: true,
                filter: "update_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_external_updates_service_order_item_id_outcome",
                table: "external_updates",
                columns: new[] { "service_order_item_id", "outcome" });

            migrationBuilder.CreateIndex(
                name: "ix_resource_reservations_case_id",
                table: "resource_reservations",
                column: "case_id");

            migrationBuilder.CreateIndex(
                name: "ix_resource_reservations_held_expiry",
                table: "resource_reservations",
                column: "expires_at",
                filter: "status = 'HELD'");

            migrationBuilder.Sql(SqlScripts.Read("010_seed_subscriber_identity_policy.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DELETE FROM action_policies WHERE id = '00000000-0000-7000-8000-000000000027';");

            migrationBuilder.DropTable(
                name: "executors");

            migrationBuilder.DropTable(
                name: "external_updates");

            migrationBuilder.DropTable(
                name: "resource_reservations");

            migrationBuilder.DropIndex(
                name: "ix_fallout_cases_waiting_until",
                table: "fallout_cases");

            migrationBuilder.DropIndex(
                name: "ix_correction_actions_execution_deadline",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "waiting_party",
                table: "fallout_cases");

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

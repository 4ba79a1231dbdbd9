using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ParticipantsAndTimeRules : Migration
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

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_waiting_until",
                table: "fallout_cases",
                column: "waiting_until",
                filter: "waiting_until IS NOT NULL");

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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "external_updates");

            migrationBuilder.DropTable(
                name: "resource_reservations");

            migrationBuilder.DropIndex(
                name: "ix_fallout_cases_waiting_until",
                table: "fallout_cases");

            migrationBuilder.DropColumn(
                name: "waiting_party",
                table: "fallout_cases");
        }
    }
}

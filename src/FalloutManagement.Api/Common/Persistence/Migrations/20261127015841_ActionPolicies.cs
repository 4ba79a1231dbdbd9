using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ActionPolicies : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "action_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "character varying(120)", maxLength: 120, nullable: false),
                    description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    match_category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    match_severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    match_case_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    match_service_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_customer_segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_operator_role = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_correction_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    match_payload_field = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    match_payload_values = table.Column<List<string>>(type: "text[]", nullable: false),
                    match_min_amount = table.Column<decimal>(type: "numeric(18,2)", precision: 18, scale: 2, nullable: true),
                    match_min_previous_corrections = table.Column<int>(type: "integer", nullable: true),
                    allowed = table.Column<bool>(type: "boolean", nullable: false),
                    risk_level = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    approval_required = table.Column<bool>(type: "boolean", nullable: false),
                    required_evidence = table.Column<string[]>(type: "text[]", nullable: false),
                    customer_notification_required = table.Column<bool>(type: "boolean", nullable: false),
                    escalation_rule = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_action_policies", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_action_policies_active_match_correction_type",
                table: "action_policies",
                columns: new[] { "active", "match_correction_type" });

            migrationBuilder.CreateIndex(
                name: "ix_action_policies_name",
                table: "action_policies",
                column: "name",
                unique: true,
                filter: "active");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "action_policies");
        }
    }
}

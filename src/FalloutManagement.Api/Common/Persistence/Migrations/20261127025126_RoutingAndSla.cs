using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RoutingAndSla : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "queues",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    skill = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    escalation_queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    assignment_strategy = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    time_zone = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    always_open = table.Column<bool>(type: "boolean", nullable: false),
                    opens_at = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    closes_at = table.Column<TimeOnly>(type: "time without time zone", nullable: false),
                    working_days = table.Column<string[]>(type: "text[]", nullable: false),
                    holidays = table.Column<List<DateOnly>>(type: "date[]", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queues", x => x.code);
                    table.ForeignKey(
                        name: "fk_queues_queues_escalation_queue",
                        column: x => x.escalation_queue,
                        principalTable: "queues",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sla_clocks",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(30)", maxLength: 30, nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    budget = table.Column<TimeSpan>(type: "interval", nullable: false),
                    due_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    at_risk_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    paused_total = table.Column<TimeSpan>(type: "interval", nullable: false),
                    paused_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    met_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    state = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    at_risk_notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    breach_notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    policy_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_clocks", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_clocks_fallout_cases_case_id",
                        column: x => x.case_id,
                        principalTable: "fallout_cases",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "classification_rules",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    source_system = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    category_hint = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    reason_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    failed_step_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    description = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_classification_rules", x => x.id);
                    table.ForeignKey(
                        name: "fk_classification_rules_queues_queue",
                        column: x => x.queue,
                        principalTable: "queues",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "queue_members",
                columns: table => new
                {
                    queue_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    user_id = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    skills = table.Column<List<string>>(type: "text[]", nullable: false),
                    capacity = table.Column<int>(type: "integer", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    last_assigned_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_queue_members", x => new { x.queue_code, x.user_id });
                    table.ForeignKey(
                        name: "fk_queue_members_queues_queue_code",
                        column: x => x.queue_code,
                        principalTable: "queues",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "sla_policies",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    queue = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    severity = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    customer_segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    time_to_classify_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_to_assign_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_to_first_action_minutes = table.Column<int>(type: "integer", nullable: false),
                    time_to_resolve_minutes = table.Column<int>(type: "integer", nullable: false),
                    pause_while = table.Column<string[]>(type: "text[]", nullable: false),
                    paused_clocks = table.Column<string[]>(type: "text[]", nullable: false),
                    active = table.Column<bool>(type: "boolean", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_sla_policies", x => x.id);
                    table.ForeignKey(
                        name: "fk_sla_policies_queues_queue",
                        column: x => x.queue,
                        principalTable: "queues",
                        principalColumn: "code",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "ix_classification_rules_active_priority",
                table: "classification_rules",
                columns: new[] { "active", "priority" });

            migrationBuilder.CreateIndex(
                name: "ix_classification_rules_queue",
                table: "classification_rules",
                column: "queue");

            migrationBuilder.CreateIndex(
                name: "ix_queue_members_user_id",
                table: "queue_members",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_queues_escalation_queue",
                table: "queues",
                column: "escalation_queue");

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_at_risk_due",
                table: "sla_clocks",
                column: "at_risk_at",
                filter: "met_at IS NULL AND paused_since IS NULL AND at_risk_notified_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_breach_due",
                table: "sla_clocks",
                column: "due_at",
                filter: "met_at IS NULL AND paused_since IS NULL AND breach_notified_at IS NULL");

            migrationBuilder.CreateIndex(
                name: "ix_sla_clocks_case_id_kind",
                table: "sla_clocks",
                columns: new[] { "case_id", "kind" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_sla_policies_queue_severity_customer_segment",
                table: "sla_policies",
                columns: new[] { "queue", "severity", "customer_segment" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "classification_rules");

            migrationBuilder.DropTable(
                name: "queue_members");

            migrationBuilder.DropTable(
                name: "sla_clocks");

            migrationBuilder.DropTable(
                name: "sla_policies");

            migrationBuilder.DropTable(
                name: "queues");
        }
    }
}

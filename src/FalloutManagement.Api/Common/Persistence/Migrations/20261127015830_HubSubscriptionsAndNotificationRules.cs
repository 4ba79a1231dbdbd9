using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class HubSubscriptionsAndNotificationRules : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "hub_subscriptions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    callback = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    query = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    event_types = table.Column<string[]>(type: "text[]", nullable: true),
                    case_id = table.Column<Guid>(type: "uuid", nullable: true),
                    secret = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    cursor_transaction_id = table.Column<long>(type: "bigint", nullable: false),
                    cursor_position = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hub_subscriptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "notification_rules",
                columns: table => new
                {
                    code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    priority = table.Column<int>(type: "integer", nullable: false),
                    on_event_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    on_action = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    to_status = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    category = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    customer_segment = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    correction_type = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: true),
                    requires_promise_missed = table.Column<bool>(type: "boolean", nullable: false),
                    reason = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    template_code = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    channel_preference = table.Column<string[]>(type: "text[]", nullable: false),
                    requires_agent_follow_up = table.Column<bool>(type: "boolean", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_notification_rules", x => x.code);
                });

            migrationBuilder.CreateTable(
                name: "hub_deliveries",
                columns: table => new
                {
                    subscription_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_id = table.Column<Guid>(type: "uuid", nullable: false),
                    case_id = table.Column<Guid>(type: "uuid", nullable: false),
                    event_position = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    next_attempt_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    claim_id = table.Column<Guid>(type: "uuid", nullable: true),
                    last_status_code = table.Column<int>(type: "integer", nullable: true),
                    last_error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    delivered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dead_lettered_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_hub_deliveries", x => new { x.subscription_id, x.event_id });
                    table.ForeignKey(
                        name: "fk_hub_deliveries_hub_subscriptions_subscription_id",
                        column: x => x.subscription_id,
                        principalTable: "hub_subscriptions",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "notification_rules",
                columns: new[] { "code", "category", "channel_preference", "correction_type", "customer_segment", "enabled", "on_action", "on_event_type", "priority", "reason", "requires_agent_follow_up", "requires_promise_missed", "template_code", "to_status" },
                values: new object[,]
                {
                    { "ACTIVATION_DELAYED_PAST_PROMISE", null, new[] { "SMS", "EMAIL" }, null, null, true, null, "FalloutCaseBreachedSla", 80, "ACTIVATION_DELAYED_PAST_PROMISE", false, true, "ORDER_DELAY_PAST_PROMISE", null },
                    { "APPOINTMENT_CHANGED", null, new[] { "SMS", "EMAIL" }, null, null, true, null, null, 30, "INSTALLATION_RESCHEDULE_REQUIRED", true, false, "ORDER_DELAY_FIELD_ACCESS", "WAITING_FIELD" },
                    { "CUSTOMER_INFORMATION_REQUIRED", null, new[] { "SMS", "EMAIL" }, null, null, true, null, null, 20, "CUSTOMER_INFORMATION_REQUIRED", true, false, "CUSTOMER_INFO_REQUEST", "WAITING_CUSTOMER" },
                    { "ENTERPRISE_SLA_THREATENED", null, new[] { "EMAIL" }, null, "ENTERPRISE", true, null, "FalloutCaseBreachedSla", 70, "ENTERPRISE_SLA_THREATENED", true, false, "ENTERPRISE_SLA_NOTICE", null },
                    { "IDENTITY_VERIFICATION_PENDING", "COMPLIANCE", new[] { "SMS", "EMAIL" }, null, null, true, "CASE_WAITING", null, 10, "IDENTITY_VERIFICATION_PENDING", true, false, "KYC_VERIFICATION_PENDING", null },
                    { "ORDER_AMENDED", null, new[] { "EMAIL" }, "ORDER_AMENDMENT", null, true, "CORRECTION_APPLIED", null, 40, "ORDER_AMENDED", true, false, "ORDER_AMENDMENT_NOTICE", null },
                    { "ORDER_CANCELLED", null, new[] { "EMAIL", "SMS" }, null, null, true, null, null, 50, "ORDER_CANCELLED", false, false, "ORDER_CANCELLATION_NOTICE", "RESOLVED_CANCEL" },
                    { "PARTIAL_SERVICE", null, new[] { "EMAIL" }, null, null, true, null, null, 60, "PARTIAL_SERVICE_ACTIVE", true, false, "PARTIAL_ACTIVATION_NOTICE", "RESOLVED_COMPENSATE" }
                });

            migrationBuilder.CreateIndex(
                name: "ix_hub_deliveries_case_order",
                table: "hub_deliveries",
                columns: new[] { "subscription_id", "case_id", "event_position" },
                filter: "status = 'PENDING'");

            migrationBuilder.CreateIndex(
                name: "ix_hub_deliveries_due",
                table: "hub_deliveries",
                column: "next_attempt_at",
                filter: "status = 'PENDING'");

            migrationBuilder.CreateIndex(
                name: "ix_hub_deliveries_subscription_id_status",
                table: "hub_deliveries",
                columns: new[] { "subscription_id", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_hub_subscriptions_created_by",
                table: "hub_subscriptions",
                column: "created_by");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "hub_deliveries");

            migrationBuilder.DropTable(
                name: "notification_rules");

            migrationBuilder.DropTable(
                name: "hub_subscriptions");
        }
    }
}

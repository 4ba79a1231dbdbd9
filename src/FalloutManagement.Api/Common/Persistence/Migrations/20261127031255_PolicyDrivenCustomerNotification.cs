using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PolicyDrivenCustomerNotification : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "requires_policy_flag",
                table: "notification_rules",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "ACTIVATION_DELAYED_PAST_PROMISE",
                column: "requires_policy_flag",
                value: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "APPOINTMENT_CHANGED",
                column: "requires_policy_flag",
                value: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "CUSTOMER_INFORMATION_REQUIRED",
                column: "requires_policy_flag",
                value: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "ENTERPRISE_SLA_THREATENED",
                column: "requires_policy_flag",
                value: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "IDENTITY_VERIFICATION_PENDING",
                column: "requires_policy_flag",
                value: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "ORDER_AMENDED",
                column: "requires_policy_flag",
                value: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "ORDER_CANCELLED",
                column: "requires_policy_flag",
                value: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "PARTIAL_SERVICE",
                column: "requires_policy_flag",
                value: false);

            migrationBuilder.InsertData(
                table: "notification_rules",
                columns: new[] { "code", "category", "channel_preference", "correction_type", "customer_segment", "enabled", "on_action", "on_event_type", "priority", "reason", "requires_agent_follow_up", "requires_policy_flag", "requires_promise_missed", "template_code", "to_status" },
                values: new object[] { "CORRECTION_AFFECTS_CUSTOMER", null, new[] { "EMAIL" }, null, null, true, null, "FalloutCorrectionProposed", 90, "CORRECTION_AFFECTS_CUSTOMER", true, true, false, "ORDER_CORRECTION_NOTICE", null });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DeleteData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "CORRECTION_AFFECTS_CUSTOMER");

            migrationBuilder.DropColumn(
                name: "requires_policy_flag",
                table: "notification_rules");
        }
    }
}

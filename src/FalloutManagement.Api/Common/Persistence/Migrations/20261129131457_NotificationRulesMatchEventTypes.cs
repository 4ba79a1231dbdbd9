using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class NotificationRulesMatchEventTypes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "on_action",
                table: "notification_rules");

            migrationBuilder.AddColumn<bool>(
                name: "into_waiting",
                table: "notification_rules",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "IDENTITY_VERIFICATION_PENDING",
                columns: new[] { "into_waiting", "on_event_type" },
                values: new object[] { true, "FalloutCaseStateChanged" });

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "ORDER_AMENDED",
                column: "on_event_type",
                value: "FalloutCorrectionApplied");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "into_waiting",
                table: "notification_rules");

            migrationBuilder.AddColumn<string>(
                name: "on_action",
                table: "notification_rules",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "IDENTITY_VERIFICATION_PENDING",
                columns: new[] { "on_action", "on_event_type" },
                values: new object[] { "CASE_WAITING", null });

            migrationBuilder.UpdateData(
                table: "notification_rules",
                keyColumn: "code",
                keyValue: "ORDER_AMENDED",
                columns: new[] { "on_action", "on_event_type" },
                values: new object[] { "CORRECTION_APPLIED", null });
        }
    }
}

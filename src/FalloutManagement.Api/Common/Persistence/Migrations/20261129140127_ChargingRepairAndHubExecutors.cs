using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ChargingRepairAndHubExecutors : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "executors",
                table: "hub_subscriptions",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "service_suspension_requested_at",
                table: "fallout_cases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_fallout_cases_charging_repair",
                table: "fallout_cases",
                columns: new[] { "reason_code", "created_at" },
                filter: "service_suspension_requested_at IS NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_fallout_cases_charging_repair",
                table: "fallout_cases");

            migrationBuilder.DropColumn(
                name: "executors",
                table: "hub_subscriptions");

            migrationBuilder.DropColumn(
                name: "service_suspension_requested_at",
                table: "fallout_cases");
        }
    }
}

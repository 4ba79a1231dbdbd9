using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Protection : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string[]>(
                name: "owner_roles",
                table: "hub_subscriptions",
                type: "text[]",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "executor",
                table: "hub_subscriptions",
                type: "character varying(60)",
                maxLength: 60,
                nullable: true);

            // A subscription is now one executor's command channel: a list filter keeps its first executor.
            migrationBuilder.Sql("UPDATE hub_subscriptions SET executor = executors[1] WHERE executors IS NOT NULL AND cardinality(executors) > 0;");

            migrationBuilder.DropColumn(
                name: "executors",
                table: "hub_subscriptions");

            migrationBuilder.AddColumn<bool>(
                name: "orchestrates",
                table: "hub_subscriptions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<Guid>(
                name: "break_glass_id",
                table: "audit_entries",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "break_glass_grants",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    holder = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    scope_kind = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    scope_target = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    minutes = table.Column<int>(type: "integer", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    emergency = table.Column<bool>(type: "boolean", nullable: false),
                    requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    granted_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    starts_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ends_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ended_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_break_glass_grants", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "masking_rules",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false),
                    rules_json = table.Column<string>(type: "jsonb", nullable: false),
                    version = table.Column<long>(type: "bigint", nullable: false),
                    updated_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_masking_rules", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "policy_changes",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    target = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    operation = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    before_json = table.Column<string>(type: "jsonb", nullable: true),
                    after_json = table.Column<string>(type: "jsonb", nullable: false),
                    request_json = table.Column<string>(type: "jsonb", nullable: false),
                    base_version = table.Column<long>(type: "bigint", nullable: true),
                    reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    proposed_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    proposed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    decided_by = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    decided_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    decision_reason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    version = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_policy_changes", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_audit_entries_break_glass_id",
                table: "audit_entries",
                column: "break_glass_id",
                filter: "break_glass_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_break_glass_grants_holder_status",
                table: "break_glass_grants",
                columns: new[] { "holder", "status" });

            migrationBuilder.CreateIndex(
                name: "ix_break_glass_grants_requested_at",
                table: "break_glass_grants",
                column: "requested_at");

            migrationBuilder.CreateIndex(
                name: "ix_break_glass_grants_status_ends_at",
                table: "break_glass_grants",
                columns: new[] { "status", "ends_at" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_changes_kind_target",
                table: "policy_changes",
                columns: new[] { "kind", "target" });

            migrationBuilder.CreateIndex(
                name: "ix_policy_changes_status_proposed_at",
                table: "policy_changes",
                columns: new[] { "status", "proposed_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "break_glass_grants");

            migrationBuilder.DropTable(
                name: "masking_rules");

            migrationBuilder.DropTable(
                name: "policy_changes");

            migrationBuilder.DropIndex(
                name: "ix_audit_entries_break_glass_id",
                table: "audit_entries");

            migrationBuilder.DropColumn(
                name: "orchestrates",
                table: "hub_subscriptions");

            migrationBuilder.DropColumn(
                name: "break_glass_id",
                table: "audit_entries");

            migrationBuilder.AddColumn<string[]>(
                name: "executors",
                table: "hub_subscriptions",
                type: "text[]",
                nullable: true);

            migrationBuilder.Sql("UPDATE hub_subscriptions SET executors = ARRAY[executor] WHERE executor IS NOT NULL;");

            migrationBuilder.DropColumn(
                name: "executor",
                table: "hub_subscriptions");

            migrationBuilder.DropColumn(
                name: "owner_roles",
                table: "hub_subscriptions");
        }
    }
}

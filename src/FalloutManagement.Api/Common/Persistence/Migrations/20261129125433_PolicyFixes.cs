using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class PolicyFixes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<List<string>>(
                name: "match_currencies",
                table: "action_policies",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.AddColumn<string>(
                name: "match_min_risk_level",
                table: "action_policies",
                type: "character varying(20)",
                maxLength: 20,
                nullable: true);

            migrationBuilder.AddColumn<List<string>>(
                name: "match_reason_codes",
                table: "action_policies",
                type: "text[]",
                nullable: false,
                defaultValueSql: "'{}'::text[]");

            migrationBuilder.CreateIndex(
                name: "ix_correction_actions_retries_by_proposer",
                table: "correction_actions",
                columns: new[] { "proposed_by", "proposed_at" },
                filter: "type = 'RETRY'");

            migrationBuilder.Sql(SqlScripts.Read("009_policy_fixes.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_009_policy_fixes.sql"));

            migrationBuilder.DropIndex(
                name: "ix_correction_actions_retries_by_proposer",
                table: "correction_actions");

            migrationBuilder.DropColumn(
                name: "match_currencies",
                table: "action_policies");

            migrationBuilder.DropColumn(
                name: "match_min_risk_level",
                table: "action_policies");

            migrationBuilder.DropColumn(
                name: "match_reason_codes",
                table: "action_policies");
        }
    }
}

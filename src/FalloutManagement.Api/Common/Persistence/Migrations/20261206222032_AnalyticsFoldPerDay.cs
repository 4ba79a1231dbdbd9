using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// Issue 14: db/sql/014_analytics_fold_per_day.sql, the analytics fold one day at a time (bounds the planner can
    /// see) and without JIT. Down runs db/sql/down_014_analytics_fold_per_day.sql.
    /// </summary>
    public partial class AnalyticsFoldPerDay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("014_analytics_fold_per_day.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_014_analytics_fold_per_day.sql"));
        }
    }
}

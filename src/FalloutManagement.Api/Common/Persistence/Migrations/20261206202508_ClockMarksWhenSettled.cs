using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// Issue 14: db/sql/013_clock_marks_when_settled.sql, the clocks' dirty-day trigger on INSERT and DELETE fires only
    /// for a settled clock. Down runs db/sql/down_013_clock_marks_when_settled.sql.
    /// </summary>
    public partial class ClockMarksWhenSettled : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("013_clock_marks_when_settled.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_013_clock_marks_when_settled.sql"));
        }
    }
}

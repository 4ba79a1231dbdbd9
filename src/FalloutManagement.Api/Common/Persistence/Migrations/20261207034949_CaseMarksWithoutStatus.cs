using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// Issue 14: db/sql/015_case_marks_without_status.sql, a case's move between statuses alone no longer marks its day
    /// dirty (closing still does, through closed_at). Down runs db/sql/down_015_case_marks_without_status.sql.
    /// </summary>
    public partial class CaseMarksWithoutStatus : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("015_case_marks_without_status.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_015_case_marks_without_status.sql"));
        }
    }
}

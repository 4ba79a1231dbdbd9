using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// Issue 14: db/sql/011_resource_repeat_index.sql, the narrow covering index that the resource dimension of
    /// /analytics/repeat-fallout reads. Down runs db/sql/down_011_resource_repeat_index.sql.
    /// </summary>
    public partial class ResourceRepeatIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("011_resource_repeat_index.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_011_resource_repeat_index.sql"));
        }
    }
}

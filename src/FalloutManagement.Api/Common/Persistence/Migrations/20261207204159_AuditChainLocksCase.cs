using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// db/sql/016_audit_chain_locks_case.sql: the audit chain's trigger locks the case's row before the chain's advisory
    /// lock, the order the pull and the sweeps take them in, so a command racing them waits instead of deadlocking.
    /// Down runs db/sql/down_016_audit_chain_locks_case.sql.
    /// </summary>
    public partial class AuditChainLocksCase : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("016_audit_chain_locks_case.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_016_audit_chain_locks_case.sql"));
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// Issue 14: db/sql/012_audit_chain_sealed.sql, the chain trigger accepts the first entries of a new chain sealed by
    /// the service (AuditChain). Down runs db/sql/down_012_audit_chain_sealed.sql.
    /// </summary>
    public partial class AuditChainSealed : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("012_audit_chain_sealed.sql"));
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqlScripts.Read("down_012_audit_chain_sealed.sql"));
        }
    }
}

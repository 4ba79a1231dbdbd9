using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FalloutManagement.Api.Common.Persistence.Migrations
{
    /// <summary>
    /// A case parked behind an incident (WAITING_INCIDENT) waits on something no operator can speed up, like a
    /// customer or a partner: the shipped SLA policies pause its first-action and resolve clocks there too.
    /// </summary>
    public partial class PauseClocksDuringIncidents : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE sla_policies
                   SET pause_while = array_append(pause_while, 'WAITING_INCIDENT'), version = version + 1, updated_at = now()
                 WHERE NOT ('WAITING_INCIDENT' = ANY (pause_while));
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE sla_policies
                   SET pause_while = array_remove(pause_while, 'WAITING_INCIDENT'), version = version + 1, updated_at = now()
                 WHERE 'WAITING_INCIDENT' = ANY (pause_while);
                """);
        }
    }
}

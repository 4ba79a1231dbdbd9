using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Analytics;

/// <summary>The analytics dirty-day marks a transaction wrote itself, which no fold can take while it is open.</summary>
internal static class DayMarks
{
    /// <summary>Runs <paramref name="sql"/> (its <c>@case</c> the given case) in the connection's open transaction and
    /// returns how many marks that transaction has written so far.</summary>
    public static async Task<long> AfterAsync(NpgsqlConnection connection, Guid caseId, string sql)
    {
        await Sql.ExecuteAsync(connection, sql, ("case", caseId));
        return await Sql.ScalarAsync<long>(connection, "SELECT count(*) FROM analytics_dirty_days WHERE xmin = pg_current_xact_id()::xid");
    }
}

using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Analytics;

/// <summary>
/// Only a settled clock (met, or marked breached) is in the daily rollup, so only its insert or delete marks its day
/// dirty (db/sql/006, and 013's WHEN conditions that spare the function call for the others). Counted inside one
/// transaction, the marks it wrote itself, which no fold can take meanwhile.
/// </summary>
public sealed class ClockDayMarkTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task Inserting_or_deleting_a_clock_marks_its_day_only_when_the_clock_is_settled()
    {
        var (id, _, _) = await new CaseFlow(api).ReportAsync();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Task<long> RunAsync(string sql) => DayMarks.AfterAsync(connection, id, sql);
        const string Insert = """
            INSERT INTO sla_clocks (id, case_id, kind, started_at, budget, due_at, at_risk_at, paused_total, met_at, breach_notified_at, state)
            VALUES (gen_random_uuid(), @case, '{0}', now(), INTERVAL '1 hour', now() + INTERVAL '1 hour', now() + INTERVAL '48 minutes',
                    INTERVAL '0', {1}, {2}, 'ON_TRACK')
            """;

        Assert.Equal(0, await RunAsync(string.Format(Insert, "TEST_RUNNING", "NULL", "NULL")));
        Assert.Equal(1, await RunAsync(string.Format(Insert, "TEST_MET", "now()", "NULL")));
        Assert.Equal(2, await RunAsync(string.Format(Insert, "TEST_BREACHED", "NULL", "now()")));
        Assert.Equal(2, await RunAsync("DELETE FROM sla_clocks WHERE case_id = @case AND kind = 'TEST_RUNNING'"));
        Assert.Equal(3, await RunAsync("DELETE FROM sla_clocks WHERE case_id = @case AND kind = 'TEST_MET'"));
        Assert.Equal(4, await RunAsync("DELETE FROM sla_clocks WHERE case_id = @case AND kind = 'TEST_BREACHED'"));
        // The intake's own clocks: one met at once (classify), three running.
        Assert.Equal(5, await RunAsync("DELETE FROM sla_clocks WHERE case_id = @case"));
        await transaction.RollbackAsync();
    }
}

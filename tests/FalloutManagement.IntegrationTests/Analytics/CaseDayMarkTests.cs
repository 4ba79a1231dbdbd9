using FalloutManagement.IntegrationTests.Infrastructure;
using Npgsql;

namespace FalloutManagement.IntegrationTests.Analytics;

/// <summary>
/// A case's day is marked dirty when a column a folded figure reads changes (db/sql/006, 009). Its status alone is not
/// one (db/sql/015): the reopen figure reads "CLOSED", and a case becomes CLOSED only together with its closed_at.
/// Counted inside one transaction, the marks it wrote itself, which no fold can take meanwhile.
/// </summary>
public sealed class CaseDayMarkTests(ApiFixture api) : IClassFixture<ApiFixture>
{
    [Fact]
    public async Task A_move_between_statuses_alone_marks_no_day_while_classifying_and_closing_do()
    {
        var (id, _, _) = await new CaseFlow(api).ReportAsync();
        await using var connection = new NpgsqlConnection(api.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        Task<long> RunAsync(string sql) => DayMarks.AfterAsync(connection, id, sql);

        // What a pull, a start and a wait write: status, owner, version, times the rollup does not read.
        Assert.Equal(0, await RunAsync("UPDATE fallout_cases SET status = 'ASSIGNED', assigned_user = 'olga', version = version + 1 WHERE id = @case"));
        Assert.Equal(0, await RunAsync("UPDATE fallout_cases SET status = 'IN_PROGRESS', version = version + 1, updated_at = now() WHERE id = @case"));
        // A column a figure reads marks the day, as before.
        Assert.Equal(1, await RunAsync("UPDATE fallout_cases SET classified_at = created_at + interval '1 minute' WHERE id = @case"));
        Assert.Equal(2, await RunAsync("UPDATE fallout_cases SET status = 'CLOSED', closed_at = now() WHERE id = @case"));
        await transaction.RollbackAsync();
    }
}

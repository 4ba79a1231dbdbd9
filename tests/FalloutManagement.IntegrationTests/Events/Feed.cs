using FalloutManagement.IntegrationTests.Infrastructure;

namespace FalloutManagement.IntegrationTests.Events;

/// <summary>
/// The feed holds back events while any older transaction on the server is still running — including those of
/// test classes running in parallel on other databases. Tests that expect what they just wrote wait for that first.
/// </summary>
public static class Feed
{
    public static async Task SettledAsync(string connectionString)
    {
        for (var i = 0; i < 1000; i++)
        {
            var settled = await Sql.ScalarAsync<bool>(connectionString,
                "SELECT NOT EXISTS (SELECT 1 FROM outbox_events WHERE transaction_id >= pg_snapshot_xmin(pg_current_snapshot()))");
            if (settled)
            {
                return;
            }
            await Task.Delay(10);
        }
        throw new TimeoutException("The event feed did not settle: a transaction on the server stays open.");
    }
}

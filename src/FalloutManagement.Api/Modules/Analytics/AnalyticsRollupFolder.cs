using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Analytics;

/// <summary>
/// Folds the days marked dirty into the daily analytics rollup (<c>analytics_fold</c>, db/sql/006_analytics_rollup.sql)
/// every <c>Analytics:FoldIntervalSeconds</c> (default 60; 0 disables it), a batch of days per transaction until none is
/// left. Freshness does not depend on it: a reader computes a dirty day from the live tables, so the fold only decides
/// how many days a reader must compute live (and so how fast the long periods answer). Concurrent instances take turns
/// (an advisory lock); a fold that fails rolls back whole and its days stay dirty.
/// </summary>
internal sealed class AnalyticsRollupFolder(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<AnalyticsRollupFolder> logger) : BackgroundService
{
    public const string IntervalKey = "Analytics:FoldIntervalSeconds";
    public const int DefaultIntervalSeconds = 60;
    public const int DaysPerFold = 31;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicSweep.RunAsync(configuration.GetValue(IntervalKey, DefaultIntervalSeconds), clock, logger, "Analytics fold", FoldAllAsync, stoppingToken);

    /// <summary>Folds every dirty day, a batch per transaction; returns the days folded.</summary>
    public async Task<int> FoldAllAsync(CancellationToken ct = default)
    {
        var total = 0;
        int folded;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
            db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
            folded = (await db.Database.SqlQuery<int>($"SELECT analytics_fold({DaysPerFold}) AS value").ToListAsync(ct)).Single();
            total += folded;
        }
        while (folded == DaysPerFold);
        return total;
    }
}

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
/// <para>
/// A day costs ~150 ms of a database core at 1M cases, and commands on old cases (a pull, an escalation) dirty old
/// days: after a busy minute the fold may have tens of days to do. It folds <see cref="DaysPerFold"/> days per
/// transaction and, between transactions, waits so that it is busy at most <c>Analytics:FoldDutyCycle</c> of the time
/// (default 0.5; 1 folds without pausing): the requests keep the rest of the core it runs on.
/// </para>
/// </summary>
internal sealed class AnalyticsRollupFolder(IServiceScopeFactory scopes, TimeProvider clock, IConfiguration configuration,
    ILogger<AnalyticsRollupFolder> logger) : BackgroundService
{
    public const string IntervalKey = "Analytics:FoldIntervalSeconds";
    public const int DefaultIntervalSeconds = 60;
    public const string DutyCycleKey = "Analytics:FoldDutyCycle";
    public const double DefaultDutyCycle = 0.5;
    public const int DaysPerFold = 4;

    /// <summary>The share of the time the fold may be busy, in (0, 1]; out of range falls back to the default.</summary>
    private double DutyCycle => configuration.GetValue(DutyCycleKey, DefaultDutyCycle) is var d && d is > 0 and <= 1 ? d : DefaultDutyCycle;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicSweep.RunAsync(configuration.GetValue(IntervalKey, DefaultIntervalSeconds), clock, logger, "Analytics fold", FoldAllAsync, stoppingToken);

    /// <summary>Folds every dirty day, a batch per transaction; returns the days folded.</summary>
    public async Task<int> FoldAllAsync(CancellationToken ct = default)
    {
        var total = 0;
        var dutyCycle = DutyCycle;
        while (true)
        {
            var started = clock.GetTimestamp();
            int folded;
            await using (var scope = scopes.CreateAsyncScope())
            {
                var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
                db.Database.SetCommandTimeout(TimeSpan.FromMinutes(5));
                folded = (await db.Database.SqlQuery<int>($"SELECT analytics_fold({DaysPerFold}) AS value").ToListAsync(ct)).Single();
            }
            total += folded;
            if (folded < DaysPerFold)
            {
                return total;
            }
            if (dutyCycle < 1)
            {
                await Task.Delay(clock.GetElapsedTime(started) * (1 / dutyCycle - 1), clock, ct);
            }
        }
    }
}

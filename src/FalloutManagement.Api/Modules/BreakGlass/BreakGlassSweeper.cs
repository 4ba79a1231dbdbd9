using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FalloutManagement.Api.Modules.BreakGlass;

/// <summary>
/// Ends expired grants and writes their <c>BreakGlassEnded</c> (every <c>BreakGlass:SweepIntervalSeconds</c>).
/// Access never waits for it: an elevation counts only while <c>endsAt</c> is in the future, checked on every
/// request. Several instances may sweep at once: a grant is ended by whichever saves first (its version guards it).
/// </summary>
internal sealed class BreakGlassSweeper(IServiceScopeFactory scopes, TimeProvider clock, IOptions<BreakGlassOptions> options,
    ILogger<BreakGlassSweeper> logger) : BackgroundService
{
    public const string Expiry = "system:break-glass-expiry";

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        PeriodicSweep.RunAsync(options.Value.SweepIntervalSeconds, clock, logger, "Break-glass sweep", SweepOnceAsync, stoppingToken);

    /// <summary>Ends every grant whose time is up; returns how many this call ended.</summary>
    public async Task<int> SweepOnceAsync(CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<FalloutDbContext>();
        var expired = await db.Set<BreakGlassGrant>().AsNoTracking()
            .Where(g => g.Status == BreakGlassStatus.ACTIVE && g.EndsAt <= now).Select(g => g.Id).ToListAsync(ct);
        var ended = 0;
        foreach (var id in expired)
        {
            db.ChangeTracker.Clear();
            var grant = await db.Set<BreakGlassGrant>().FirstAsync(g => g.Id == id, ct);
            if (grant.Status != BreakGlassStatus.ACTIVE)
            {
                continue;
            }
            grant.End(Expiry, now);
            BreakGlassRecords.Ended(db, null, grant, now);
            try
            {
                await db.SaveChangesAsync(ct);
                ended++;
                logger.LogInformation("Break-glass {BreakGlassId} of {Holder} expired", grant.Id, grant.Holder);
            }
            catch (DbUpdateConcurrencyException)
            {
                // Another instance ended it first.
            }
        }
        return ended;
    }
}

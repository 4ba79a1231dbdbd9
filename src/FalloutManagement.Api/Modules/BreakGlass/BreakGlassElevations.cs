using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Common.Persistence;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.BreakGlass;

/// <summary>
/// Gives a staff caller its active break-glass grants for this request (<see cref="Caller.Elevations"/>): granted,
/// and <c>endsAt</c> still in the future, so an expired grant gives nothing even before the sweep ends it. Sources
/// cannot hold grants and cost no query.
/// </summary>
internal sealed class BreakGlassElevations(RequestDelegate next)
{
    /// <summary>Compiled once: every staff request runs it, and EF Core then skips building and looking up the query.</summary>
    private static readonly Func<FalloutDbContext, string, DateTimeOffset, IAsyncEnumerable<BreakGlassGrant>> ActiveGrantsOf =
        EF.CompileAsyncQuery<FalloutDbContext, string, DateTimeOffset, BreakGlassGrant>((db, holder, now) => db.Set<BreakGlassGrant>().AsNoTracking()
            .Where(g => g.Holder == holder && g.Status == BreakGlassStatus.ACTIVE && g.EndsAt > now).OrderBy(g => g.StartsAt));

    public async Task InvokeAsync(HttpContext http, FalloutDbContext db, TimeProvider clock)
    {
        // A scrape of /metrics (and the health probes) needs no grant: without the lookup it keeps working while the
        // database is down, when its figures matter most.
        if (!Telemetry.IsPlumbing(http.Request.Path) && http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(FalloutClaims.Subject)?.Value is { Length: > 0 } sub
            && http.User.FindAll(FalloutClaims.Role).Any(r => r.Value != Roles.Source))
        {
            var now = clock.GetUtcNow();
            var grants = await ActiveGrantsOf(db, sub, now).ToListAsync(http.RequestAborted);
            if (grants.Count > 0)
            {
                http.Caller().Elevate([.. grants.Select(g => g.ToElevation())]);
            }
        }
        await next(http);
    }
}

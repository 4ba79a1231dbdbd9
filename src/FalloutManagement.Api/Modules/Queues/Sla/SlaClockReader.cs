using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases;
using FalloutManagement.Api.Modules.Queues.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Queues.Sla;

/// <summary>The SLA clocks of a case as the case response shows them.</summary>
internal sealed class SlaClockReader(FalloutDbContext db) : ICaseSlaClocks
{
    /// <summary>Compiled once: EF Core skips building and looking up the query on every case read.</summary>
    private static readonly Func<FalloutDbContext, Guid, IAsyncEnumerable<SlaClock>> ClocksOf =
        EF.CompileAsyncQuery((FalloutDbContext db, Guid caseId) => db.Set<SlaClock>().AsNoTracking().Where(k => k.CaseId == caseId));

    public async Task<IReadOnlyList<SlaClockDto>> OfCaseAsync(Guid caseId, DateTimeOffset now, CancellationToken ct) =>
        From(await ClocksOf(db, caseId).ToListAsync(ct), now);

    public IReadOnlyList<SlaClockDto> SavedOf(Guid caseId, DateTimeOffset now) =>
        From(Tracked.WithoutScan<SlaClock>(db, k => k.CaseId == caseId), now);

    public static SlaClockDto From(SlaClock k, DateTimeOffset now) => new(k.Kind, k.StateAt(now), k.StartedAt, k.DueAt, k.AtRiskAt,
        k.ElapsedAt(now), k.PausedTotal, k.PausedSince, k.RemainingAt(now), k.MetAt, k.BreachNotifiedAt);

    public static IReadOnlyList<SlaClockDto> From(IEnumerable<SlaClock> clocks, DateTimeOffset now) =>
        clocks.OrderBy(k => k.Kind).Select(k => From(k, now)).ToList();
}

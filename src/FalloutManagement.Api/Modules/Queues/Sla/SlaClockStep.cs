using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Queues.Domain;
using FalloutManagement.Api.Modules.Queues.ReferenceData;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace FalloutManagement.Api.Modules.Queues.Sla;

/// <summary>
/// Save step: runs <see cref="SlaPlanner.Sync"/> for every case added or changed in the unit of work, so the clocks
/// commit with the transition that moved them, whichever module wrote the transition.
/// </summary>
internal sealed class SlaClockStep(TimeProvider clock, ReferenceDataCache referenceData) : ISaveStep
{
    /// <summary>The clocks of the saved cases that exist already; compiled once (every command runs it).</summary>
    private static readonly Func<FalloutDbContext, List<Guid>, IAsyncEnumerable<SlaClock>> ClocksOf =
        EF.CompileAsyncQuery((FalloutDbContext db, List<Guid> caseIds) => db.Set<SlaClock>().Where(k => caseIds.Contains(k.CaseId)));

    public async Task<Action?> BeforeSaveAsync(SaveContext save, CancellationToken ct)
    {
        var db = save.Db;
        var now = clock.GetUtcNow();
        // The pipeline has scanned the command's changes; the steps before this one only add rows.
        var entries = db.ChangeTracker.Entries<FalloutCase>().Where(e => e.State is EntityState.Added or EntityState.Modified).ToList();
        var cases = entries.Select(e => (Case: e.Entity, IsNew: e.State == EntityState.Added)).ToList();
        if (cases.Count == 0)
        {
            return null;
        }
        var reference = await LoadReferenceAsync(db, ct);
        var existingIds = cases.Where(c => !c.IsNew).Select(c => c.Case.Id).ToList();
        if (existingIds.Count > 0)
        {
            await ClocksOf(db, existingIds).LoadAllAsync(ct);
        }
        var clocksByCase = db.ChangeTracker.Entries<SlaClock>().Select(e => e.Entity).ToLookup(k => k.CaseId);
        foreach (var (fallout, _) in cases)
        {
            var started = SlaPlanner.Sync(fallout, [.. clocksByCase[fallout.Id]], reference, now);
            db.Set<SlaClock>().AddRange(started);
        }
        // Sync changed the cases (their SLA due time) and their clocks, nothing else: scan those, not every entity.
        // An added entity needs no scan: EF Core inserts the values it has when it writes.
        foreach (var entry in entries.Concat<EntityEntry>(db.ChangeTracker.Entries<SlaClock>()).Where(e => e.State != EntityState.Added))
        {
            entry.DetectChanges();
        }
        return null;
    }

    private Task<SlaReference> LoadReferenceAsync(DbContext db, CancellationToken ct) =>
        referenceData.GetAsync("sla-reference", async token =>
        {
            var queues = await QueueCatalog.AllAsync(db, referenceData, token);
            var policies = await db.Set<SlaPolicy>().AsNoTracking().Where(p => p.Active).ToListAsync(token);
            return new SlaReference(queues, policies);
        }, ct);
}

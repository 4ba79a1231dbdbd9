using System.Runtime.CompilerServices;
using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Modules.Cases.Domain;
using FalloutManagement.Api.Modules.Corrections.Domain;
using FalloutManagement.Api.Modules.Resume.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace FalloutManagement.Api.Modules.Cases.Metrics;

/// <summary>
/// Counts what a unit of work did to the case aggregate — cases opened, corrections proposed and moved, resume tokens
/// issued, redeemed and expired — and records it on <see cref="FalloutMetrics"/> once the save succeeded, whichever
/// module's command made the change.
/// </summary>
public sealed class CaseMetricsInterceptor(FalloutMetrics metrics) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, List<Action<FalloutMetrics>>> _pending = new();

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            var observed = Observe(db.ChangeTracker);
            if (observed.Count > 0)
            {
                _pending.AddOrUpdate(db, observed);
            }
        }
        return ValueTask.FromResult(result);
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db && _pending.TryGetValue(db, out var observed))
        {
            _pending.Remove(db);
            observed.ForEach(record => record(metrics));
        }
        return ValueTask.FromResult(result);
    }

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is { } db)
        {
            _pending.Remove(db);
        }
        return Task.CompletedTask;
    }

    private static List<Action<FalloutMetrics>> Observe(ChangeTracker tracker)
    {
        var observed = new List<Action<FalloutMetrics>>();
        foreach (var entry in tracker.Entries())
        {
            switch (entry.Entity)
            {
                case FalloutCase fallout when entry.State == EntityState.Added:
                    var category = (fallout.Category ?? fallout.CategoryHint)?.ToString();
                    observed.Add(m => m.CaseOpened(category, fallout.SourceSystem));
                    break;
                case CorrectionAction correction when Moved(entry, nameof(CorrectionAction.Status)) is { } status:
                    var type = correction.Type.ToString();
                    observed.Add(m => m.Correction(type, status));
                    break;
                case ResumeToken when Moved(entry, nameof(ResumeToken.Status)) is { } status:
                    var outcome = status == nameof(ResumeTokenStatus.ISSUED) ? "issued" : status.ToLowerInvariant();
                    observed.Add(m => m.ResumeToken(outcome));
                    break;
            }
        }
        return observed;
    }

    /// <summary>The status an added entity starts in (a proposal is counted as PROPOSED), or the one a changed entity moved to.</summary>
    private static string? Moved(EntityEntry entry, string property)
    {
        if (entry.State == EntityState.Added)
        {
            return entry.Entity is CorrectionAction ? "PROPOSED" : entry.Property(property).CurrentValue?.ToString();
        }
        if (entry.State != EntityState.Modified)
        {
            return null;
        }
        var status = entry.Property(property);
        return Equals(status.OriginalValue, status.CurrentValue) ? null : status.CurrentValue?.ToString();
    }
}

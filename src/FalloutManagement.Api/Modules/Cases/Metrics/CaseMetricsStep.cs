using FalloutManagement.Api.Common.Observability;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Cases.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace FalloutManagement.Api.Modules.Cases.Metrics;

/// <summary>
/// The last save step: counts what the unit of work did to the case aggregate — cases opened, corrections proposed
/// and moved, resume tokens issued, redeemed and expired — and records it on <see cref="FalloutMetrics"/> once the
/// save has committed, whichever module's command made the change. It adds nothing to the save.
/// </summary>
internal sealed class CaseMetricsStep(FalloutMetrics metrics) : ISaveStep
{
    public Task<Action?> BeforeSaveAsync(SaveContext save, CancellationToken ct)
    {
        var observed = Observe(save.Db.ChangeTracker);
        return Task.FromResult<Action?>(observed.Count == 0 ? null : () => observed.ForEach(record => record(metrics)));
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

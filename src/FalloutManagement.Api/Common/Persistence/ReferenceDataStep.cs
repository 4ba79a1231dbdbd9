using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Common.Persistence;

/// <summary>
/// Save step: a save that changes any <see cref="IReferenceData"/> entity clears this instance's
/// <see cref="ReferenceDataCache"/> once it has committed, so the change counts from the next request.
/// </summary>
public sealed class ReferenceDataStep(ReferenceDataCache cache) : ISaveStep
{
    public Task<Action?> BeforeSaveAsync(SaveContext save, CancellationToken ct)
    {
        var changed = save.Db.ChangeTracker.Entries<IReferenceData>()
            .Any(e => e.State is not (EntityState.Unchanged or EntityState.Detached));
        return Task.FromResult<Action?>(changed ? cache.Invalidate : null);
    }
}

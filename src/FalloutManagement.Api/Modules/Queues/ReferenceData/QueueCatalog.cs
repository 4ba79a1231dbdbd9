using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Modules.Queues.Domain;
using Microsoft.EntityFrameworkCore;

namespace FalloutManagement.Api.Modules.Queues.ReferenceData;

/// <summary>Every queue by code, active or not, from this instance's reference data cache (one copy for every reader).</summary>
internal static class QueueCatalog
{
    public static Task<Dictionary<string, FalloutQueue>> AllAsync(DbContext db, ReferenceDataCache cache, CancellationToken ct) =>
        cache.GetAsync("queues", token => db.Set<FalloutQueue>().AsNoTracking().ToDictionaryAsync(q => q.Code, StringComparer.Ordinal, token), ct);
}

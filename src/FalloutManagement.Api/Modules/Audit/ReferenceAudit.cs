using System.Text.Json;
using FalloutManagement.Api.Common;
using FalloutManagement.Api.Common.Auth;
using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;

namespace FalloutManagement.Api.Modules.Audit;

/// <summary>
/// Every change of reference data, policy or incidents is an audit entry without a case (they share one chain),
/// added to the same unit of work as the change so both commit together.
/// </summary>
public static class ReferenceAudit
{
    public static void Record(FalloutDbContext db, HttpContext http, string action, string? reason, object? before, object? after,
        DateTimeOffset now) =>
        Record(db, http, null, action, reason, before, after, now);

    /// <summary>
    /// An audit entry by the caller on <paramref name="caseId"/> (or none) that changes no case: a reveal, a review.
    /// <paramref name="queue"/>, the case's queue, lets a <c>queue:</c> break-glass grant be the one it is written under.
    /// The entry carries <paramref name="correlationId"/> (a case's own, so its audit reads as one story), else the request's.
    /// </summary>
    public static void Record(FalloutDbContext db, HttpContext http, Guid? caseId, string action, string? reason, object? before, object? after,
        DateTimeOffset now, string? queue = null, string? correlationId = null)
    {
        var actor = http.Caller().Actor;
        db.Set<AuditEntry>().Add(new AuditEntry(Guid.CreateVersion7(now), caseId, null, actor.Id, action, reason,
            Serialize(before), Serialize(after), string.IsNullOrEmpty(correlationId) ? CorrelationId.Of(http) : correlationId, now,
            actor.GrantFor(caseId, queue)));
    }

    private static string? Serialize(object? snapshot) =>
        snapshot is null ? null : JsonSerializer.Serialize(snapshot, snapshot.GetType(), JsonDefaults.Options);
}

using FalloutManagement.Api.Common.Http;
using FalloutManagement.Api.Common.Persistence;
using FalloutManagement.Api.Common.Problems;
using FalloutManagement.Api.Modules.Audit;
using FalloutManagement.Api.Modules.Queues.Domain;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FalloutManagement.Api.Modules.Queues.ReferenceData;

/// <summary>
/// The one way a queue, a queue member, a classification rule or an SLA policy is read, created or changed: the row's
/// own version as ETag; a change needs If-Match with it (428 without, 412 when stale), moves it on with the time, and
/// writes an audit entry from the answer before to the answer after in the same save. A refusal thrown by the change
/// itself comes after the version check and before anything is touched, so it leaves nothing to save.
/// </summary>
internal static class ReferenceChange
{
    public static Ok<TAnswer> Read<TRow, TAnswer>(HttpContext http, TRow row, Func<TRow, TAnswer> answer)
        where TRow : IVersionedReference
    {
        IfMatch.SetETag(http, row.Version);
        return TypedResults.Ok(answer(row));
    }

    public static async Task<Created<TAnswer>> CreateAsync<TRow, TAnswer>(HttpContext http, FalloutDbContext db, TRow row,
        DateTimeOffset now, string action, Func<TRow, TAnswer> answer, string location)
        where TRow : class, IVersionedReference
    {
        row.UpdatedAt = now;
        db.Add(row);
        ReferenceAudit.Record(db, http, action, null, null, answer(row), now);
        await db.SaveChangesAsync(http.RequestAborted);
        IfMatch.SetETag(http, row.Version);
        return TypedResults.Created(location, answer(row));
    }

    /// <summary><paramref name="change"/> refuses (throws) or changes the row; the rest is the same for every kind.</summary>
    public static async Task<Ok<TAnswer>> UpdateAsync<TRow, TAnswer>(HttpContext http, FalloutDbContext db, TimeProvider clock, TRow row,
        string action, Func<TRow, TAnswer> answer, Func<Task> change)
        where TRow : IVersionedReference
    {
        IfMatch.Check(IfMatch.Required(http), row.Version);
        var before = answer(row);
        await change();
        var now = clock.GetUtcNow();
        row.Version++;
        row.UpdatedAt = now;
        ReferenceAudit.Record(db, http, action, null, before, answer(row), now);
        await db.SaveChangesAsync(http.RequestAborted);
        IfMatch.SetETag(http, row.Version);
        return TypedResults.Ok(answer(row));
    }

    /// <summary>Nothing is ever deleted: the row stops taking part. 409 when it is inactive already, or when <paramref name="refuse"/> says so.</summary>
    public static Task<Ok<TAnswer>> DeactivateAsync<TRow, TAnswer>(HttpContext http, FalloutDbContext db, TimeProvider clock, TRow row,
        string action, Func<TRow, TAnswer> answer, string alreadyInactive, Action? refuse = null)
        where TRow : IVersionedReference =>
        UpdateAsync(http, db, clock, row, action, answer, () =>
        {
            refuse?.Invoke();
            if (!row.Active)
            {
                throw DomainException.InvalidTransition(alreadyInactive);
            }
            row.Active = false;
            return Task.CompletedTask;
        });
}
